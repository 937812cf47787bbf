package io.madoguchi.ingest.service.ratelimit;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;

/**
 * A Bucket4j token bucket per key (a client address, or a webhook source and address): {@code perMinute} requests,
 * refilled continuously. Kept in memory, so with several replicas each enforces its own share; keys whose bucket is
 * full are forgotten when there are too many.
 */
public final class RateLimits {

    /** Whether a request may go ahead, and if not, how many seconds until it may. */
    public record Decision(boolean allowed, long retryAfterSeconds) {
    }

    private static final int MAX_KEYS = 100_000;

    private final long perMinute;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    public RateLimits(long perMinute) {
        if (perMinute < 1) {
            throw new IllegalArgumentException("a rate limit needs at least 1 request per minute, not " + perMinute);
        }
        this.perMinute = perMinute;
    }

    public Decision tryAcquire(String key) {
        if (buckets.size() > MAX_KEYS) {
            buckets.entrySet().removeIf(e -> e.getValue().getAvailableTokens() >= perMinute);
        }
        ConsumptionProbe probe = buckets.computeIfAbsent(key, k -> Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(perMinute).refillGreedy(perMinute, Duration.ofMinutes(1)).build())
                .build()).tryConsumeAndReturnRemaining(1);
        return new Decision(probe.isConsumed(), probe.isConsumed() ? 0 : Math.max(1, (probe.getNanosToWaitForRefill() + 999_999_999) / 1_000_000_000));
    }
}
