package io.madoguchi.chassis.time;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class Rfc3339Test {

    @Test
    void writesWhatTheJdksFormatterWrites() {
        SplittableRandom random = new SplittableRandom(7);
        List<Instant> instants = new ArrayList<>(List.of(Instant.EPOCH, Instant.parse("2026-12-07T06:26:09Z"),
                Instant.parse("2026-12-07T06:26:09.100Z"), Instant.parse("2026-12-07T06:26:09.000000001Z"),
                Instant.parse("9999-12-31T23:59:59.999999999Z"), Instant.parse("0001-01-01T00:00:00Z"), Instant.parse("-0001-01-01T00:00:00Z"),
                Instant.parse("+10000-01-01T00:00:00Z")));
        for (int i = 0; i < 10_000; i++) {
            long micros = random.nextLong(0, 4_102_444_800_000_000L);
            instants.add(Instant.ofEpochSecond(micros / 1_000_000, (micros % 1_000_000) * 1_000 + (i % 3 == 0 ? random.nextInt(1000) : 0)));
        }
        for (Instant instant : instants) {
            assertEquals(DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(instant.atOffset(ZoneOffset.UTC)), Rfc3339.format(instant), instant::toString);
        }
    }

    @Test
    void readsWhatTheJdksParserReads() {
        SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < 10_000; i++) {
            Instant instant = Instant.ofEpochSecond(random.nextLong(0, 4_102_444_800L), random.nextInt(1_000_000_000));
            ZoneOffset offset = ZoneOffset.ofTotalSeconds(random.nextInt(-18 * 60, 18 * 60 + 1) * 60);
            String text = DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(instant.atOffset(offset));
            assertEquals(OffsetDateTime.parse(text), Rfc3339.parse(text), text);
        }
        for (String text : List.of("2026-12-07T06:26:09Z", "2026-12-07T06:26:09.5+09:00", "2026-12-07T06:26:09.123456789-00:30",
                "2026-12-07t06:26:09z", "2026-12-07T06:26Z", "2026-12-07T06:26:09.Z", "2026-12-07T06:26:09.1234+0900",
                "2026-12-07T06:26:09-00:00", "0000-01-01T00:00:00Z")) {
            assertEquals(parsedOrRefused(text), readOrRefused(text), text);
        }
    }

    @Test
    void refusesWhatTheJdksParserRefuses() {
        for (String text : List.of("yesterday", "2026-13-07T06:26:09Z", "2026-02-30T06:26:09Z", "2026-12-07T24:00:00Z",
                "2026-12-07T06:60:09Z", "2026-12-07T06:26:60Z", "2026-12-07T06:26:09.1234567890Z",
                "2026-12-07T06:26:09+19:00", "2026-12-07T06:26:09", "2026-12-07T06:26:09Z ", "2026-12-07 06:26:09Z",
                "2026-12-07T06:26:09+09:0x", "2026-12-07T06:26:09+09:75")) {
            assertEquals("refused: DateTimeParseException", parsedOrRefused(text), text);
            assertEquals("refused: DateTimeParseException", readOrRefused(text), text);
        }
    }

    private static String readOrRefused(String text) {
        try {
            return Rfc3339.parse(text).toString();
        } catch (DateTimeException e) {
            return "refused: " + e.getClass().getSimpleName();
        }
    }

    private static String parsedOrRefused(String text) {
        try {
            return OffsetDateTime.parse(text).toString();
        } catch (DateTimeException e) {
            return "refused: " + e.getClass().getSimpleName();
        }
    }
}
