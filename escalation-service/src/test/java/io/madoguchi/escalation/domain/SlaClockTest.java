package io.madoguchi.escalation.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;

import org.junit.jupiter.api.Test;

import io.madoguchi.escalation.service.calendar.BusinessCalendar;
import io.madoguchi.escalation.service.calendar.WeeklyHours;

class SlaClockTest {

    private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");
    private final BusinessCalendar office = new BusinessCalendar(TOKYO, WeeklyHours.parse("mon-fri 09:00-18:00"), true, java.util.Set.of());

    private static Instant tokyo(String local) {
        return LocalDateTime.parse(local).atZone(TOKYO).toInstant();
    }

    @Test
    void aFridayEveningTicketWithOneBusinessHourIsDueMondayOrTuesdayAfterAHoliday() {
        SlaClock plain = SlaClock.start(1, "first-reply", "tier1", null, "high", Duration.ofHours(1), true, tokyo("2026-11-27T17:50"), 75, office);
        assertEquals(tokyo("2026-11-30T09:50"), plain.dueAt);
        assertEquals(tokyo("2026-11-30T09:35"), plain.warnAt, "75 % of an hour: 10 min on Friday, 35 on Monday");

        SlaClock holiday = SlaClock.start(2, "first-reply", "tier1", null, "high", Duration.ofHours(1), true, tokyo("2027-01-08T17:50"), 75, office);
        assertEquals(tokyo("2027-01-12T09:50"), holiday.dueAt, "Monday 2027-01-11 is 成人の日");
    }

    @Test
    void pausedTimeDoesNotCountAndResumingReschedules() {
        SlaClock clock = SlaClock.start(1, "resolution", "tier1", null, "normal", Duration.ofHours(8), true, tokyo("2026-11-26T10:00"), 75, office);
        clock.pause(tokyo("2026-11-26T12:00"), office);
        assertNull(clock.dueAt);
        assertEquals(7200, clock.consumedSeconds);
        clock.resume(tokyo("2026-11-27T17:00"), 75, office);
        // 6 h left: 1 h on Friday, 5 h on Monday
        assertEquals(tokyo("2026-11-30T14:00"), clock.dueAt);
        assertEquals(tokyo("2026-11-30T12:00"), clock.warnAt, "warns at 6 h used: 2 h before the pause, 1 h Friday, 3 h Monday");
    }

    @Test
    void aStoppedClockStaysStoppedAndANewPriorityKeepsTheTimeUsed() {
        SlaClock clock = SlaClock.start(1, "first-reply", "tier1", null, "normal", Duration.ofHours(8), true, tokyo("2026-11-26T09:00"), 75, office);
        clock.retarget("urgent", Duration.ofHours(1), false, 75, office);
        assertEquals(tokyo("2026-11-26T10:00"), clock.dueAt, "urgent counts round the clock from the start");
        clock.stop(tokyo("2026-11-26T09:30"), office);
        clock.resume(tokyo("2026-11-26T09:40"), 75, office);
        assertNull(clock.dueAt);
        assertEquals(1800, clock.consumedSeconds);
    }

    @Test
    void aClosureAddedWhileAClockRunsPushesItsDueTimePastTheClosure() {
        // Thursday 16:00 with 4 business hours: due Friday 11:00
        SlaClock clock = SlaClock.start(1, "first-reply", "tier1", null, "normal", Duration.ofHours(4), true, tokyo("2026-11-26T16:00"), 75, office);
        assertEquals(tokyo("2026-11-27T11:00"), clock.dueAt);
        BusinessCalendar closedFriday = new BusinessCalendar(TOKYO, WeeklyHours.parse("mon-fri 09:00-18:00"), true,
                java.util.Set.of(java.time.LocalDate.parse("2026-11-27")));
        clock.recalendar(tokyo("2026-11-26T17:00"), office, closedFriday, 75);
        assertEquals(3600, clock.consumedSeconds, "the hour used before the change counts");
        assertEquals(tokyo("2026-11-30T11:00"), clock.dueAt, "1 h on Thursday, Friday closed, 2 h on Monday");
        assertEquals(tokyo("2026-11-30T10:00"), clock.warnAt);
    }

    @Test
    void runningTimeIsCountedRoundTheClockAndInBusinessHoursWhateverTheTargetsMode() {
        SlaClock clock = SlaClock.start(1, "resolution", "tier1", null, "urgent", Duration.ofHours(24), false, tokyo("2026-11-27T17:00"), 75, office);
        clock.pause(tokyo("2026-11-28T10:00"), office);
        assertEquals(17 * 3600, clock.runningCalendarSeconds, "Friday 17:00 to Saturday 10:00 round the clock");
        assertEquals(3600, clock.runningBusinessSeconds, "of which only Friday 17:00-18:00 in business hours");
        assertEquals(17 * 3600, clock.consumedSeconds, "the target counts round the clock");
    }
}
