package io.madoguchi.ingest.service.form;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A token bucket per key (a client address): {@code perMinute} requests, refilled continuously. Kept in memory, so
 * with several replicas each enforces its own share; a limit per address across replicas would need the database.
 */
public final class RateLimiter {

    private static final int MAX_KEYS = 100_000;

    private final double perMinute;
    private final Clock clock;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    private static final class Bucket {
        double tokens;
        long updatedNanos;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.updatedNanos = now;
        }
    }

    public RateLimiter(int perMinute, Clock clock) {
        this.perMinute = perMinute;
        this.clock = clock;
    }

    /** @return true if the request may go ahead (and takes a token) */
    public boolean tryAcquire(String key) {
        long now = nanos();
        if (buckets.size() > MAX_KEYS) {
            evictFull(now);
        }
        Bucket bucket = buckets.computeIfAbsent(key, k -> new Bucket(perMinute, now));
        synchronized (bucket) {
            refill(bucket, now);
            if (bucket.tokens < 1) {
                return false;
            }
            bucket.tokens -= 1;
            return true;
        }
    }

    private void refill(Bucket bucket, long now) {
        double minutes = (now - bucket.updatedNanos) / 60e9;
        bucket.tokens = Math.min(perMinute, bucket.tokens + minutes * perMinute);
        bucket.updatedNanos = now;
    }

    /** A full bucket says nothing a new one would not: forget it. */
    private void evictFull(long now) {
        buckets.entrySet().removeIf(e -> {
            synchronized (e.getValue()) {
                refill(e.getValue(), now);
                return e.getValue().tokens >= perMinute;
            }
        });
    }

    private long nanos() {
        var instant = clock.instant();
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }
}
