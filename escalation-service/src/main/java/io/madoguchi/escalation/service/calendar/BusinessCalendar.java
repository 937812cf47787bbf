package io.madoguchi.escalation.service.calendar;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * When a team works: opening hours per weekday in a time zone, closed on Japanese public holidays (if asked)
 * and on custom closure days. Answers when a number of business hours after an instant ends, and how much
 * business time lies between two instants. Hours are wall-clock times, so a daylight-saving change moves
 * them with the clock.
 */
public final class BusinessCalendar {

    /** Looking further than this for open hours means the calendar has none (every day closed). */
    private static final int MAX_DAYS = 3 * 366;

    public record Hours(LocalTime open, LocalTime close) {
        public Hours {
            if (!close.isAfter(open) && !close.equals(LocalTime.MIDNIGHT)) {
                throw new IllegalArgumentException("closing time " + close + " is not after opening time " + open);
            }
        }

        /** {@code close} 00:00 means until midnight. */
        boolean untilMidnight() {
            return close.equals(LocalTime.MIDNIGHT);
        }
    }

    private final ZoneId zone;
    private final Map<DayOfWeek, List<Hours>> week;
    private final boolean japaneseHolidays;
    private final Set<LocalDate> closures;

    public BusinessCalendar(ZoneId zone, Map<DayOfWeek, List<Hours>> week, boolean japaneseHolidays, Set<LocalDate> closures) {
        this.zone = zone;
        this.week = new EnumMap<>(DayOfWeek.class);
        week.forEach((day, hours) -> {
            List<Hours> sorted = new ArrayList<>(hours);
            sorted.sort(Comparator.comparing(Hours::open));
            for (int i = 1; i < sorted.size(); i++) {
                Hours before = sorted.get(i - 1);
                if (before.untilMidnight() || sorted.get(i).open().isBefore(before.close())) {
                    throw new IllegalArgumentException(day + ": opening hours " + before + " and " + sorted.get(i) + " overlap");
                }
            }
            this.week.put(day, List.copyOf(sorted));
        });
        this.japaneseHolidays = japaneseHolidays;
        this.closures = Set.copyOf(closures);
    }

    public boolean isClosedAllDay(LocalDate date) {
        return closures.contains(date) || japaneseHolidays && JapaneseHolidays.isHoliday(date)
                || week.getOrDefault(date.getDayOfWeek(), List.of()).isEmpty();
    }

    public boolean isOpen(Instant at) {
        ZonedDateTime local = at.atZone(zone);
        for (Interval open : openIntervals(local.toLocalDate())) {
            if (!at.isBefore(open.start) && at.isBefore(open.end)) {
                return true;
            }
        }
        return false;
    }

    /** The instant at which {@code amount} of business time after {@code start} has passed. */
    public Instant plus(Instant start, Duration amount) {
        if (amount.isNegative()) {
            throw new IllegalArgumentException("negative duration " + amount);
        }
        Duration left = amount;
        LocalDate day = start.atZone(zone).toLocalDate();
        for (int i = 0; i < MAX_DAYS; i++, day = day.plusDays(1)) {
            for (Interval open : openIntervals(day)) {
                if (!open.end.isAfter(start)) {
                    continue;
                }
                Instant from = open.start.isAfter(start) ? open.start : start;
                Duration available = Duration.between(from, open.end);
                if (left.compareTo(available) <= 0) {
                    // a zero target is due when the team is next at work
                    return from.plus(left);
                }
                left = left.minus(available);
            }
        }
        throw new IllegalStateException("the calendar has no business hours within " + MAX_DAYS + " days of " + start);
    }

    /** Business time between two instants; zero when {@code end} is not after {@code start}. */
    public Duration between(Instant start, Instant end) {
        Duration total = Duration.ZERO;
        if (!end.isAfter(start)) {
            return total;
        }
        LocalDate last = end.atZone(zone).toLocalDate();
        for (LocalDate day = start.atZone(zone).toLocalDate(); !day.isAfter(last); day = day.plusDays(1)) {
            for (Interval open : openIntervals(day)) {
                Instant from = open.start.isAfter(start) ? open.start : start;
                Instant to = open.end.isBefore(end) ? open.end : end;
                if (to.isAfter(from)) {
                    total = total.plus(Duration.between(from, to));
                }
            }
        }
        return total;
    }

    private record Interval(Instant start, Instant end) {
    }

    private List<Interval> openIntervals(LocalDate day) {
        if (isClosedAllDay(day)) {
            return List.of();
        }
        List<Interval> intervals = new ArrayList<>();
        for (Hours hours : week.get(day.getDayOfWeek())) {
            Instant open = day.atTime(hours.open()).atZone(zone).toInstant();
            Instant close = hours.untilMidnight() ? day.plusDays(1).atStartOfDay(zone).toInstant()
                    : day.atTime(hours.close()).atZone(zone).toInstant();
            intervals.add(new Interval(open, close));
        }
        return intervals;
    }
}
