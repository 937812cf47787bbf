package io.madoguchi.escalation.service.oncall;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;

import org.junit.jupiter.api.Test;

import io.madoguchi.escalation.domain.Cover;

/** When a delegation cover takes its queue's tickets: during its weekly hours, in its zone, on the days it is valid. */
class CoverWindowTest {

    private static Cover cover(String zone, String hours, String validFrom, String validUntil) {
        Cover cover = new Cover();
        cover.queue = "success";
        cover.member = "aiko";
        cover.zone = zone;
        cover.hours = hours;
        cover.validFrom = LocalDate.parse(validFrom);
        cover.validUntil = validUntil == null ? null : LocalDate.parse(validUntil);
        return cover;
    }

    private static boolean active(Cover cover, String at) {
        return OnCallService.active(cover, Instant.parse(at));
    }

    /** Weekdays 13:00-15:00 Tokyo time (04:00-06:00 UTC) in December 2026. */
    private final Cover afternoons = cover("Asia/Tokyo", "mon-fri 13:00-15:00", "2026-12-01", "2026-12-31");

    @Test
    void activeOnlyWithinItsWeeklyHours() {
        assertTrue(active(afternoons, "2026-12-01T04:00:00Z"), "Tuesday 13:00 JST: the window opens");
        assertTrue(active(afternoons, "2026-12-01T05:59:59Z"), "Tuesday 14:59:59 JST");
        assertFalse(active(afternoons, "2026-12-01T03:59:59Z"), "Tuesday 12:59:59 JST: not yet");
        assertFalse(active(afternoons, "2026-12-01T06:00:00Z"), "Tuesday 15:00 JST: the window has closed");
        assertFalse(active(afternoons, "2026-12-05T04:30:00Z"), "Saturday 13:30 JST: a day it does not name");
    }

    @Test
    void activeOnlyFromValidFromToValidUntilInclusive() {
        assertFalse(active(afternoons, "2026-11-30T04:30:00Z"), "Monday 30 November 13:30 JST: before validFrom");
        assertTrue(active(afternoons, "2026-12-31T04:30:00Z"), "Thursday 31 December 13:30 JST: validUntil is the last day");
        assertFalse(active(afternoons, "2027-01-04T04:30:00Z"), "Monday 4 January 13:30 JST: after validUntil");

        Cover openEnded = cover("Asia/Tokyo", "mon-fri 13:00-15:00", "2026-12-01", null);
        assertTrue(active(openEnded, "2029-06-05T04:30:00Z"), "without validUntil it stays valid");
        assertFalse(active(openEnded, "2026-11-30T04:30:00Z"));
    }

    @Test
    void validityDatesAreDaysInTheCoversZoneNotInUtc() {
        Cover allDay = cover("Asia/Tokyo", "mon-sun 00:00-24:00", "2026-12-01", "2026-12-01");
        assertFalse(active(allDay, "2026-11-30T14:59:59Z"), "30 November 23:59:59 JST");
        assertTrue(active(allDay, "2026-11-30T15:00:00Z"), "1 December 00:00 JST, though still 30 November in UTC");
        assertTrue(active(allDay, "2026-12-01T14:59:59Z"), "1 December 23:59:59 JST");
        assertFalse(active(allDay, "2026-12-01T15:00:00Z"), "2 December 00:00 JST, though still 1 December in UTC");
    }

    @Test
    void hoursAreWallClockTimesInTheCoversZone() {
        Cover newYork = cover("America/New_York", "mon-fri 09:00-17:00", "2026-01-01", null);
        Cover tokyo = cover("Asia/Tokyo", "mon-fri 09:00-17:00", "2026-01-01", null);
        // Tuesday 1 December 2026, 14:00 UTC: 09:00 in New York (EST), 23:00 in Tokyo
        assertTrue(active(newYork, "2026-12-01T14:00:00Z"));
        assertFalse(active(newYork, "2026-12-01T13:59:59Z"));
        assertFalse(active(tokyo, "2026-12-01T14:00:00Z"));
        // after the switch to daylight saving time (8 March 2026) 09:00 in New York is 13:00 UTC
        assertTrue(active(newYork, "2026-03-09T13:00:00Z"));
        assertFalse(active(newYork, "2026-03-06T13:00:00Z"), "the Friday before, 13:00 UTC was 08:00 EST");
    }
}
