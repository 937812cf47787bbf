package io.madoguchi.escalation.service.calendar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.madoguchi.escalation.service.calendar.BusinessCalendar.Hours;

class BusinessCalendarTest {

    private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");

    private static BusinessCalendar weekdays(ZoneId zone, boolean japaneseHolidays, Set<LocalDate> closures, Hours... hours) {
        Map<DayOfWeek, List<Hours>> week = new EnumMap<>(DayOfWeek.class);
        for (DayOfWeek day : List.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY, DayOfWeek.FRIDAY)) {
            week.put(day, List.of(hours));
        }
        return new BusinessCalendar(zone, week, japaneseHolidays, closures);
    }

    /** Round the clock, every day: calendar hours. */
    private static BusinessCalendar always(ZoneId zone) {
        Map<DayOfWeek, List<Hours>> week = new EnumMap<>(DayOfWeek.class);
        for (DayOfWeek day : DayOfWeek.values()) {
            week.put(day, List.of(new Hours(LocalTime.MIDNIGHT, LocalTime.MIDNIGHT)));
        }
        return new BusinessCalendar(zone, week, false, Set.of());
    }

    private static Instant tokyo(String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(TOKYO).toInstant();
    }

    private final BusinessCalendar office = weekdays(TOKYO, true, Set.of(), new Hours(LocalTime.of(9, 0), LocalTime.of(18, 0)));

    @Test
    void fridayEveningPlusOneBusinessHourIsMondayMorning() {
        assertEquals(tokyo("2026-11-30T09:50"), office.plus(tokyo("2026-11-27T17:50"), Duration.ofHours(1)));
    }

    @Test
    void aJapaneseHolidayOnMondayMovesItToTuesday() {
        // 2027-01-11 is 成人の日
        assertEquals(tokyo("2027-01-12T09:50"), office.plus(tokyo("2027-01-08T17:50"), Duration.ofHours(1)));
        BusinessCalendar ignoringHolidays = weekdays(TOKYO, false, Set.of(), new Hours(LocalTime.of(9, 0), LocalTime.of(18, 0)));
        assertEquals(tokyo("2027-01-11T09:50"), ignoringHolidays.plus(tokyo("2027-01-08T17:50"), Duration.ofHours(1)));
    }

    @Test
    void customClosuresAndTheNewYearBreakAreSkipped() {
        BusinessCalendar closedForNewYear = weekdays(TOKYO, true,
                Set.of(LocalDate.of(2026, 12, 29), LocalDate.of(2026, 12, 30), LocalDate.of(2026, 12, 31), LocalDate.of(2027, 1, 2)),
                new Hours(LocalTime.of(9, 0), LocalTime.of(18, 0)));
        // Monday 12-28 17:00 + 2 h: one hour on the 28th, then 29–31 closed, 1/1 元日, 1/2–3 weekend, so Monday 1/4 10:00
        assertEquals(tokyo("2027-01-04T10:00"), closedForNewYear.plus(tokyo("2026-12-28T17:00"), Duration.ofHours(2)));
    }

    @Test
    void aLunchBreakIsNotBusinessTime() {
        BusinessCalendar withLunch = weekdays(TOKYO, true, Set.of(),
                new Hours(LocalTime.of(13, 0), LocalTime.of(18, 0)), new Hours(LocalTime.of(9, 0), LocalTime.of(12, 0)));
        assertEquals(tokyo("2026-11-26T14:30"), withLunch.plus(tokyo("2026-11-26T11:00"), Duration.ofMinutes(150)));
        assertEquals(Duration.ofMinutes(150), withLunch.between(tokyo("2026-11-26T11:00"), tokyo("2026-11-26T14:30")));
    }

    @Test
    void startingOutsideHoursCountsFromTheNextOpening() {
        assertEquals(tokyo("2026-11-30T09:30"), office.plus(tokyo("2026-11-28T03:00"), Duration.ofMinutes(30)));
        assertEquals(tokyo("2026-11-30T09:00"), office.plus(tokyo("2026-11-28T03:00"), Duration.ZERO));
        assertEquals(tokyo("2026-11-26T10:00"), office.plus(tokyo("2026-11-26T10:00"), Duration.ZERO));
    }

    @Test
    void businessTimeBetweenSpansNightsWeekendsAndHolidays() {
        // Friday 17:00 → Tuesday 10:00 across 成人の日: 1 h Friday + 1 h Tuesday
        assertEquals(Duration.ofHours(2), office.between(tokyo("2027-01-08T17:00"), tokyo("2027-01-12T10:00")));
        assertEquals(Duration.ZERO, office.between(tokyo("2027-01-12T10:00"), tokyo("2027-01-08T17:00")));
        // a whole week: 5 days × 9 h
        assertEquals(Duration.ofHours(45), office.between(tokyo("2026-11-30T00:00"), tokyo("2026-12-07T00:00")));
    }

    @Test
    void wallClockHoursFollowDaylightSavingTime() {
        ZoneId newYork = ZoneId.of("America/New_York");
        BusinessCalendar nyc = weekdays(newYork, false, Set.of(), new Hours(LocalTime.of(9, 0), LocalTime.of(17, 0)));
        // Friday 2026-03-06 16:00 EST + 2 h → Monday 2026-03-09 10:00 EDT (clocks went forward on Sunday)
        Instant start = LocalDateTime.parse("2026-03-06T16:00").atZone(newYork).toInstant();
        assertEquals(LocalDateTime.parse("2026-03-09T10:00").atZone(newYork).toInstant(), nyc.plus(start, Duration.ofHours(2)));
    }

    @Test
    void calendarHoursAreEveryHour() {
        BusinessCalendar always = always(TOKYO);
        assertEquals(tokyo("2026-11-30T17:50"), always.plus(tokyo("2026-11-27T17:50"), Duration.ofHours(72)));
        assertEquals(Duration.ofHours(72), always.between(tokyo("2026-11-27T17:50"), tokyo("2026-11-30T17:50")));
        assertTrue(always.isOpen(tokyo("2027-01-01T03:00")));
        assertFalse(office.isOpen(tokyo("2027-01-01T10:00")));
        assertTrue(office.isOpen(tokyo("2027-01-04T10:00")));
    }

    @Test
    void overlappingHoursAndAWeekWithoutHoursAreRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> weekdays(TOKYO, false, Set.of(), new Hours(LocalTime.of(9, 0), LocalTime.of(13, 0)), new Hours(LocalTime.of(12, 0), LocalTime.of(18, 0))));
        assertThrows(IllegalArgumentException.class, () -> new Hours(LocalTime.of(18, 0), LocalTime.of(9, 0)));
        BusinessCalendar never = new BusinessCalendar(TOKYO, Map.of(), false, Set.of());
        assertThrows(IllegalStateException.class, () -> never.plus(tokyo("2026-11-27T17:50"), Duration.ofHours(1)));
    }
}
