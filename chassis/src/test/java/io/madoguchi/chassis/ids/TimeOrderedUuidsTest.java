package io.madoguchi.chassis.ids;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class TimeOrderedUuidsTest {

    @Test
    void areVersion7OfTheIetfVariantWithTheTimeInTheFirst48Bits() {
        long now = 1_796_000_000_123L;
        UUID id = TimeOrderedUuids.at(now);
        assertEquals(7, id.version());
        assertEquals(2, id.variant());
        assertEquals(now, id.getMostSignificantBits() >>> 16);
        assertTrue(id.toString().startsWith(String.format("%08x-%04x-7", now >>> 16, now & 0xFFFF)), id.toString());
    }

    @Test
    void sortByTimeAsPostgresqlComparesThem() {
        // PostgreSQL compares uuids as unsigned bytes, which is how their text sorts
        UUID earlier = TimeOrderedUuids.at(1_796_000_000_123L);
        UUID later = TimeOrderedUuids.at(1_796_000_000_124L);
        assertTrue(earlier.toString().compareTo(later.toString()) < 0, earlier + " before " + later);
    }

    @Test
    void differWithinOneMillisecond() {
        Set<UUID> ids = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            ids.add(TimeOrderedUuids.at(1_796_000_000_123L));
        }
        assertEquals(10_000, ids.size());
    }
}
