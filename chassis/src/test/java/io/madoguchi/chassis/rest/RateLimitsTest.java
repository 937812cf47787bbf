package io.madoguchi.chassis.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RateLimitsTest {

    @Test
    void eachKeyHasItsOwnBudgetAndTheRefusalSaysWhenToRetry() {
        RateLimits limits = new RateLimits(3);
        for (int i = 0; i < 3; i++) {
            assertTrue(limits.tryAcquire("203.0.113.7").allowed());
        }
        RateLimits.Decision refused = limits.tryAcquire("203.0.113.7");
        assertFalse(refused.allowed());
        assertTrue(refused.retryAfterSeconds() >= 1 && refused.retryAfterSeconds() <= 20,
                "one token of 3 a minute comes back within 20 s: " + refused.retryAfterSeconds());
        assertTrue(limits.tryAcquire("198.51.100.2").allowed(), "another address is not affected");
        assertEquals(0, limits.tryAcquire("198.51.100.2").retryAfterSeconds());
    }

    @Test
    void aFloodOfNewAddressesKeepsTheMostRecentlyUsedBucketsWithinTheBound() {
        RateLimits limits = new RateLimits(2, 2, 1_000);
        assertTrue(limits.tryAcquire("198.51.100.1").allowed());
        assertTrue(limits.tryAcquire("198.51.100.1").allowed());
        for (int i = 0; i < 50_000; i++) {
            limits.tryAcquire("10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255));
            if (i % 100 == 0) {
                assertFalse(limits.tryAcquire("198.51.100.1").allowed(), "an address in use keeps its spent budget");
            }
        }
        assertTrue(limits.keys() <= 1_000, limits.keys() + " buckets kept");
    }

    @Test
    void aBurstLargerThanTheRateIsTakenAtOnceAndThenRefilledAtTheRate() {
        RateLimits limits = new RateLimits(6, 100);
        for (int i = 0; i < 100; i++) {
            assertTrue(limits.tryAcquire("203.0.113.7").allowed(), "request " + i + " of the burst");
        }
        RateLimits.Decision refused = limits.tryAcquire("203.0.113.7");
        assertFalse(refused.allowed());
        assertTrue(refused.retryAfterSeconds() >= 1 && refused.retryAfterSeconds() <= 10,
                "one token of 6 a minute comes back within 10 s: " + refused.retryAfterSeconds());
    }

    @Test
    void aLimitBelowOneAMinuteOrABurstBelowOneIsAConfigurationError() {
        assertThrows(IllegalArgumentException.class, () -> new RateLimits(0));
        assertThrows(IllegalArgumentException.class, () -> new RateLimits(5, 0));
    }
}
