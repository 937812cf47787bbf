package io.madoguchi.escalation.service.calendar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Checked against the Cabinet Office's published lists (内閣府「国民の祝日について」). */
class JapaneseHolidaysTest {

    @Test
    void theHolidaysOf2026AsTheCabinetOfficePublishedThem() {
        List<String> expected = List.of(
                "2026-01-01 元日", "2026-01-12 成人の日", "2026-02-11 建国記念の日", "2026-02-23 天皇誕生日",
                "2026-03-20 春分の日", "2026-04-29 昭和の日", "2026-05-03 憲法記念日", "2026-05-04 みどりの日",
                "2026-05-05 こどもの日", "2026-05-06 振替休日", "2026-07-20 海の日", "2026-08-11 山の日",
                "2026-09-21 敬老の日", "2026-09-22 国民の休日", "2026-09-23 秋分の日", "2026-10-12 スポーツの日",
                "2026-11-03 文化の日", "2026-11-23 勤労感謝の日");
        assertEquals(expected, JapaneseHolidays.of(2026).entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).toList());
    }

    @Test
    void substituteHolidaysFollowSundayHolidays() {
        assertEquals("振替休日", JapaneseHolidays.name(LocalDate.of(2025, 2, 24))); // 天皇誕生日 on a Sunday
        assertEquals("振替休日", JapaneseHolidays.name(LocalDate.of(2025, 5, 6)));  // みどりの日 on a Sunday, 5/5 already a holiday
        assertEquals("振替休日", JapaneseHolidays.name(LocalDate.of(2027, 3, 22))); // 春分の日 2027-03-21 is a Sunday
        assertFalse(JapaneseHolidays.isHoliday(LocalDate.of(2027, 3, 23)));
    }

    @Test
    void theOneOffDaysOf2019AndTheOlympicMoves() {
        assertEquals("天皇の即位の日", JapaneseHolidays.name(LocalDate.of(2019, 5, 1)));
        assertEquals("国民の休日", JapaneseHolidays.name(LocalDate.of(2019, 4, 30)));
        assertEquals("国民の休日", JapaneseHolidays.name(LocalDate.of(2019, 5, 2)));
        assertEquals("即位礼正殿の儀の行われる日", JapaneseHolidays.name(LocalDate.of(2019, 10, 22)));
        assertNull(JapaneseHolidays.name(LocalDate.of(2019, 2, 23)), "no Emperor's birthday in 2019");
        assertEquals("スポーツの日", JapaneseHolidays.name(LocalDate.of(2021, 7, 23)));
        assertEquals("山の日", JapaneseHolidays.name(LocalDate.of(2021, 8, 8)));
        assertEquals("振替休日", JapaneseHolidays.name(LocalDate.of(2021, 8, 9)));
        assertFalse(JapaneseHolidays.isHoliday(LocalDate.of(2021, 10, 11)));
    }

    @Test
    void equinoxesByTheAlmanacFormula() {
        assertTrue(JapaneseHolidays.isHoliday(LocalDate.of(2024, 3, 20)));
        assertTrue(JapaneseHolidays.isHoliday(LocalDate.of(2024, 9, 22)));
        assertTrue(JapaneseHolidays.isHoliday(LocalDate.of(2025, 3, 20)));
        assertTrue(JapaneseHolidays.isHoliday(LocalDate.of(2025, 9, 23)));
        assertTrue(JapaneseHolidays.isHoliday(LocalDate.of(2030, 3, 20)));
        assertTrue(JapaneseHolidays.isHoliday(LocalDate.of(2030, 9, 23)));
    }

    @Test
    void yearsOutsideTheLawAsWrittenAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> JapaneseHolidays.of(2018));
        assertNull(JapaneseHolidays.name(LocalDate.of(2100, 1, 1)));
    }
}
