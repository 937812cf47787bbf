package io.madoguchi.escalation.service.calendar;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.Month;
import java.time.temporal.TemporalAdjusters;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Japan's public holidays (国民の祝日) by the Act on National Holidays as amended through 2018, for 2019–2099:
 * fixed days, "Happy Monday" days, the equinoxes by the almanac formula, substitute holidays (振替休日: a
 * holiday on a Sunday moves to the next day that is not a holiday) and citizens' holidays (国民の休日: a
 * weekday between two holidays). The one-off days of 2019 and the Olympic moves of 2020 and 2021 are listed.
 */
public final class JapaneseHolidays {

    public static final int FIRST_YEAR = 2019;
    public static final int LAST_YEAR = 2099;

    private static final Map<Integer, Map<LocalDate, String>> BY_YEAR = new ConcurrentHashMap<>();

    private JapaneseHolidays() {
    }

    public static boolean isHoliday(LocalDate date) {
        return name(date) != null;
    }

    /** @return the holiday's Japanese name, or null on a day that is not a holiday (or outside 2019–2099) */
    public static String name(LocalDate date) {
        if (date.getYear() < FIRST_YEAR || date.getYear() > LAST_YEAR) {
            return null;
        }
        return of(date.getYear()).get(date);
    }

    /** Every holiday of the year, in date order. */
    public static Map<LocalDate, String> of(int year) {
        if (year < FIRST_YEAR || year > LAST_YEAR) {
            throw new IllegalArgumentException("Japanese holidays are known for " + FIRST_YEAR + "–" + LAST_YEAR + ", not " + year);
        }
        return BY_YEAR.computeIfAbsent(year, JapaneseHolidays::compute);
    }

    private static Map<LocalDate, String> compute(int year) {
        TreeMap<LocalDate, String> days = new TreeMap<>();
        days.put(LocalDate.of(year, 1, 1), "元日");
        days.put(nthMonday(year, Month.JANUARY, 2), "成人の日");
        days.put(LocalDate.of(year, 2, 11), "建国記念の日");
        if (year >= 2020) {
            days.put(LocalDate.of(year, 2, 23), "天皇誕生日");
        }
        days.put(LocalDate.of(year, 3, equinoxDay(year, 20.8431)), "春分の日");
        days.put(LocalDate.of(year, 4, 29), "昭和の日");
        days.put(LocalDate.of(year, 5, 3), "憲法記念日");
        days.put(LocalDate.of(year, 5, 4), "みどりの日");
        days.put(LocalDate.of(year, 5, 5), "こどもの日");
        days.put(switch (year) {
            case 2020 -> LocalDate.of(2020, 7, 23);
            case 2021 -> LocalDate.of(2021, 7, 22);
            default -> nthMonday(year, Month.JULY, 3);
        }, "海の日");
        days.put(switch (year) {
            case 2020 -> LocalDate.of(2020, 8, 10);
            case 2021 -> LocalDate.of(2021, 8, 8);
            default -> LocalDate.of(year, 8, 11);
        }, "山の日");
        days.put(nthMonday(year, Month.SEPTEMBER, 3), "敬老の日");
        days.put(LocalDate.of(year, 9, equinoxDay(year, 23.2488)), "秋分の日");
        days.put(switch (year) {
            case 2020 -> LocalDate.of(2020, 7, 24);
            case 2021 -> LocalDate.of(2021, 7, 23);
            default -> nthMonday(year, Month.OCTOBER, 2);
        }, year == 2019 ? "体育の日" : "スポーツの日");
        days.put(LocalDate.of(year, 11, 3), "文化の日");
        days.put(LocalDate.of(year, 11, 23), "勤労感謝の日");
        if (year == 2019) {
            days.put(LocalDate.of(2019, 5, 1), "天皇の即位の日");
            days.put(LocalDate.of(2019, 10, 22), "即位礼正殿の儀の行われる日");
        }

        // 国民の休日: a day between two holidays that is not itself one (and not a Sunday)
        for (LocalDate day : new TreeMap<>(days).keySet()) {
            LocalDate between = day.plusDays(1);
            if (!days.containsKey(between) && days.containsKey(between.plusDays(1)) && between.getDayOfWeek() != DayOfWeek.SUNDAY) {
                days.put(between, "国民の休日");
            }
        }
        // 振替休日: a holiday on a Sunday makes the next day that is not a holiday one
        for (LocalDate day : new TreeMap<>(days).keySet()) {
            if (day.getDayOfWeek() == DayOfWeek.SUNDAY) {
                LocalDate substitute = day.plusDays(1);
                while (days.containsKey(substitute)) {
                    substitute = substitute.plusDays(1);
                }
                days.put(substitute, "振替休日");
            }
        }
        return java.util.Collections.unmodifiableMap(days);
    }

    private static LocalDate nthMonday(int year, Month month, int n) {
        return LocalDate.of(year, month, 1).with(TemporalAdjusters.dayOfWeekInMonth(n, DayOfWeek.MONDAY));
    }

    /** The almanac approximation of the equinox day, valid 1980–2099. */
    private static int equinoxDay(int year, double base) {
        return (int) Math.floor(base + 0.242194 * (year - 1980) - Math.floor((year - 1980) / 4.0));
    }
}
