package io.madoguchi.escalation.service.calendar;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Opening hours written the way people write them: {@code mon-fri 09:00-18:00; sat 10:00-12:00,13:00-17:00}.
 * Days not named are closed; {@code 24:00} as a closing time means midnight.
 */
public final class WeeklyHours {

    private WeeklyHours() {
    }

    public static Map<DayOfWeek, List<BusinessCalendar.Hours>> parse(String text) {
        Map<DayOfWeek, List<BusinessCalendar.Hours>> week = new EnumMap<>(DayOfWeek.class);
        for (String entry : text.split(";")) {
            String trimmed = entry.strip();
            if (trimmed.isEmpty()) {
                continue;
            }
            String[] parts = trimmed.split("\\s+", 2);
            if (parts.length != 2) {
                throw new IllegalArgumentException("'" + trimmed + "' is not 'days hh:mm-hh:mm'");
            }
            List<BusinessCalendar.Hours> hours = new ArrayList<>();
            for (String range : parts[1].split(",")) {
                String[] times = range.strip().split("-");
                if (times.length != 2) {
                    throw new IllegalArgumentException("'" + range.strip() + "' is not 'hh:mm-hh:mm'");
                }
                hours.add(new BusinessCalendar.Hours(time(times[0]), time(times[1])));
            }
            for (DayOfWeek day : days(parts[0])) {
                if (week.containsKey(day)) {
                    throw new IllegalArgumentException(day.name().toLowerCase(Locale.ROOT) + " is given twice");
                }
                week.put(day, hours);
            }
        }
        return week;
    }

    private static List<DayOfWeek> days(String text) {
        String[] range = text.toLowerCase(Locale.ROOT).split("-");
        DayOfWeek first = day(range[0]);
        DayOfWeek last = range.length > 1 ? day(range[1]) : first;
        List<DayOfWeek> days = new ArrayList<>();
        for (DayOfWeek d = first; ; d = d.plus(1)) {
            days.add(d);
            if (d == last) {
                return days;
            }
        }
    }

    private static DayOfWeek day(String text) {
        for (DayOfWeek day : DayOfWeek.values()) {
            if (day.name().toLowerCase(Locale.ROOT).startsWith(text) && text.length() >= 3) {
                return day;
            }
        }
        throw new IllegalArgumentException("'" + text + "' is not a day of the week (mon, tue, …)");
    }

    private static LocalTime time(String text) {
        String t = text.strip();
        if (t.equals("24:00")) {
            return LocalTime.MIDNIGHT;
        }
        try {
            return LocalTime.parse(t);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + t + "' is not a time hh:mm");
        }
    }
}
