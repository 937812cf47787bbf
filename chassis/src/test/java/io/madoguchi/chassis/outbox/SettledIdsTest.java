package io.madoguchi.chassis.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Set;

import org.junit.jupiter.api.Test;

class SettledIdsTest {

    @Test
    void withNoWriterInFlightEveryIdGivenIsSettled() {
        SettledIds ids = new SettledIds();
        assertEquals(0, ids.observe(0, Set.of()));
        assertEquals(12, ids.observe(12, Set.of()));
    }

    @Test
    void idsWaitForTheWritersInFlightWhenTheyWereRead() {
        SettledIds ids = new SettledIds();
        assertEquals(0, ids.observe(10, Set.of("3/7")));
        assertEquals(0, ids.observe(15, Set.of("3/7", "4/2")), "3/7 may hold any id up to 10");
        assertEquals(10, ids.observe(20, Set.of("4/2", "5/9")), "3/7 ended: 10 is settled, 15 still waits for 4/2");
        assertEquals(15, ids.observe(20, Set.of("5/9")));
        assertEquals(21, ids.observe(21, Set.of()), "no writer in flight: all 21 settled");
    }

    @Test
    void aLongWriterHoldsBackOnlyTheIdsGivenAfterItBegan() {
        SettledIds ids = new SettledIds();
        ids.observe(5, Set.of("1/1"));
        assertEquals(5, ids.observe(9, Set.of("2/1")), "1/1 ended; 2/1 began after the first reading");
        for (int i = 10; i < 200; i++) {
            assertEquals(5, ids.observe(i, Set.of("2/1", "3/" + i)), "2/1 is still writing");
        }
        assertEquals(199, ids.observe(200, Set.of("9/9")), "once it ends, the newest reading it held back is settled");
    }

    @Test
    void theSettledIdNeverGoesBack() {
        SettledIds ids = new SettledIds();
        assertEquals(30, ids.observe(30, Set.of()));
        assertEquals(30, ids.observe(25, Set.of("1/1")));
        assertEquals(30, ids.observe(25, Set.of()));
    }
}
