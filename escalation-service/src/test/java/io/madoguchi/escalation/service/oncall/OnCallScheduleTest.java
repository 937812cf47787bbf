package io.madoguchi.escalation.service.oncall;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;

import org.junit.jupiter.api.Test;

class OnCallScheduleTest {

    /** Weekly turns handing off Mondays 10:00 Tokyo time, from Monday 2026-11-02. */
    private final OnCallSchedule tokyo = new OnCallSchedule(ZoneId.of("Asia/Tokyo"), LocalTime.of(10, 0), 7, LocalDate.of(2026, 11, 2),
            List.of("kenji", "mei", "sam"), List.of());

    @Test
    void turnsHandOffAtTheLocalTimeEvenWhenTheUtcDateIsTheDayBefore() {
        assertEquals("kenji", tokyo.at(Instant.parse("2026-11-02T01:00:00Z")).member(), "Monday 10:00 JST: the first turn");
        // Sunday 23:30 UTC is Monday 08:30 in Tokyo: still the previous turn
        assertEquals("kenji", tokyo.at(Instant.parse("2026-11-08T23:30:00Z")).member());
        assertEquals("kenji", tokyo.at(Instant.parse("2026-11-09T00:59:59Z")).member());
        OnCallSchedule.Shift mei = tokyo.at(Instant.parse("2026-11-09T01:00:00Z"));
        assertEquals("mei", mei.member());
        assertEquals(Instant.parse("2026-11-09T01:00:00Z"), mei.from());
        assertEquals(Instant.parse("2026-11-16T01:00:00Z"), mei.until());
        assertEquals("sam", tokyo.at(Instant.parse("2026-11-20T12:00:00Z")).member());
        assertEquals("kenji", tokyo.at(Instant.parse("2026-11-23T01:00:00Z")).member(), "round again");
        assertEquals("sam", tokyo.at(Instant.parse("2026-10-30T00:00:00Z")).member(), "before the start the turns run backwards");
    }

    @Test
    void handOffsFollowTheWallClockAcrossDaylightSaving() {
        OnCallSchedule newYork = new OnCallSchedule(ZoneId.of("America/New_York"), LocalTime.of(9, 0), 1, LocalDate.of(2026, 3, 7),
                List.of("ana", "ben"), List.of());
        // Saturday 09:00 EST = 14:00Z: ana; Sunday 2026-03-08 09:00 is EDT = 13:00Z: ben from then
        assertEquals("ana", newYork.at(Instant.parse("2026-03-08T12:59:00Z")).member());
        assertEquals("ben", newYork.at(Instant.parse("2026-03-08T13:00:00Z")).member());
    }

    @Test
    void anOverrideWinsAndTheLatestStartingOfOverlappingOnesWinsAmongThem() {
        OnCallSchedule withSwap = new OnCallSchedule(tokyo.zone(), tokyo.handoff(), 7, tokyo.startsOn(), tokyo.members(), List.of(
                new OnCallSchedule.Override("sam", Instant.parse("2026-11-10T00:00:00Z"), Instant.parse("2026-11-12T00:00:00Z")),
                new OnCallSchedule.Override("yuki", Instant.parse("2026-11-11T00:00:00Z"), Instant.parse("2026-11-11T06:00:00Z"))));
        OnCallSchedule.Shift sam = withSwap.at(Instant.parse("2026-11-10T12:00:00Z"));
        assertEquals("sam", sam.member());
        assertTrue(sam.override());
        assertEquals("yuki", withSwap.at(Instant.parse("2026-11-11T03:00:00Z")).member());
        OnCallSchedule.Shift back = withSwap.at(Instant.parse("2026-11-12T00:00:00Z"));
        assertEquals("mei", back.member(), "the override ends at its until");
        assertFalse(back.override());
    }

    @Test
    void aRotaNeedsMembersAndTurns() {
        assertThrows(IllegalArgumentException.class, () -> new OnCallSchedule(ZoneId.of("UTC"), LocalTime.NOON, 7, LocalDate.of(2026, 1, 5), List.of(), null));
        assertThrows(IllegalArgumentException.class, () -> new OnCallSchedule(ZoneId.of("UTC"), LocalTime.NOON, 0, LocalDate.of(2026, 1, 5), List.of("a"), null));
    }
}
