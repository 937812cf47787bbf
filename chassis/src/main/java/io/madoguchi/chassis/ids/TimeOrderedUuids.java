package io.madoguchi.chassis.ids;

import java.security.SecureRandom;
import java.util.UUID;

/**
 * UUIDs of version 7 (RFC 9562): the Unix time in milliseconds first, then 74 random bits. Ids made close in time
 * sit close in a B-tree, so tables keyed or indexed by them (the consumers' {@code processed_event}, the archive's
 * {@code ticket_event}, inquiries and deliveries) take new rows on the index's last pages instead of on a random page
 * each, which costs PostgreSQL far less as the table grows. Their 74 random bits (from {@link SecureRandom}) keep
 * them unguessable, though fewer than a random UUID's 122, and they reveal when they were made.
 */
public final class TimeOrderedUuids {

    private static final SecureRandom RANDOM = new SecureRandom();

    private TimeOrderedUuids() {
    }

    public static UUID next() {
        return at(System.currentTimeMillis());
    }

    static UUID at(long epochMillis) {
        byte[] random = new byte[10];
        RANDOM.nextBytes(random);
        long randA = ((random[0] & 0xFFL) << 4 | (random[1] & 0xFFL) >>> 4) & 0x0FFFL;
        long randB = 0;
        for (int i = 2; i < 10; i++) {
            randB = randB << 8 | (random[i] & 0xFFL);
        }
        long msb = (epochMillis & 0xFFFF_FFFF_FFFFL) << 16 | 0x7000L | randA;
        long lsb = randB & 0x3FFF_FFFF_FFFF_FFFFL | 0x8000_0000_0000_0000L;
        return new UUID(msb, lsb);
    }
}
