package io.madoguchi.chassis.rest;

import java.time.Duration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;

/**
 * A Bucket4j token bucket per key (a client address, or a webhook source and address): {@code perMinute} requests a
 * minute, refilled continuously, of which up to {@code burst} may come at once (by default the minute's whole budget).
 * Kept in memory, so with several replicas each enforces its own share. The buckets live in a bounded cache: one idle
 * long enough to be full again is forgotten, and beyond {@value #MAX_KEYS} keys the least used go first, each in
 * constant time, so a flood of new addresses costs no sweep on the event loop.
 */
public final class RateLimits {

    /** Whether a request may go ahead, and if not, how many seconds until it may. */
    public record Decision(boolean allowed, long retryAfterSeconds) {
    }

    static final int MAX_KEYS = 100_000;

    private final long perMinute;
    private final long burst;
    private final Cache<String, Bucket> buckets;

    public RateLimits(long perMinute) {
        this(perMinute, perMinute);
    }

    public RateLimits(long perMinute, long burst) {
        this(perMinute, burst, MAX_KEYS);
    }

    RateLimits(long perMinute, long burst, int maxKeys) {
        if (perMinute < 1) {
            throw new IllegalArgumentException("a rate limit needs at least 1 request per minute, not " + perMinute);
        }
        if (burst < 1) {
            throw new IllegalArgumentException("a rate limit's burst needs at least 1 request, not " + burst);
        }
        this.perMinute = perMinute;
        this.burst = burst;
        // forgetting a bucket refills it, so only one idle for as long as refilling takes
        Duration untilFull = Duration.ofMinutes(Math.max(1, (burst + perMinute - 1) / perMinute));
        // run eviction on the calling thread: no executor hand-off per request
        this.buckets = Caffeine.newBuilder().maximumSize(maxKeys).expireAfterAccess(untilFull).executor(Runnable::run).build();
    }

    public Decision tryAcquire(String key) {
        ConsumptionProbe probe = buckets.get(key, k -> Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(burst).refillGreedy(perMinute, Duration.ofMinutes(1)).build())
                .build()).tryConsumeAndReturnRemaining(1);
        return new Decision(probe.isConsumed(), probe.isConsumed() ? 0 : Math.max(1, (probe.getNanosToWaitForRefill() + 999_999_999) / 1_000_000_000));
    }

    long keys() {
        buckets.cleanUp();
        return buckets.estimatedSize();
    }
}
