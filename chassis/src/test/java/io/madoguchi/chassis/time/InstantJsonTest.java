package io.madoguchi.chassis.time;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.DefaultDeserializationContext;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

class InstantJsonTest {

    record Event(Instant at) {
    }

    record Formatted(@JsonFormat(shape = JsonFormat.Shape.STRING, pattern = "yyyy-MM-dd HH:mm", timezone = "UTC") Instant at) {
    }

    private final ObjectMapper jackson = new ObjectMapper().registerModule(new JavaTimeModule());
    private final ObjectMapper ours = new ObjectMapper().registerModule(new JavaTimeModule()).registerModule(InstantJson.module());

    @Test
    void readsTheUsualShapeItself() throws IOException {
        DefaultDeserializationContext context = ((DefaultDeserializationContext) ours.getDeserializationContext())
                .createInstance(ours.getDeserializationConfig(), null, null);
        assertInstanceOf(InstantJson.UsualShapeFirst.class, context.findRootValueDeserializer(ours.constructType(Instant.class)));
        assertEquals(Instant.parse("2026-12-07T00:26:09.5Z"), ours.readValue("{\"at\":\"2026-12-07T09:26:09.5+09:00\"}", Event.class).at());
    }

    @Test
    void readsWhatJacksonReads() {
        SplittableRandom random = new SplittableRandom(13);
        List<String> values = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            Instant instant = Instant.ofEpochSecond(random.nextLong(0, 4_102_444_800L), i % 2 == 0 ? random.nextInt(1_000_000_000) : 0);
            ZoneOffset offset = ZoneOffset.ofTotalSeconds(random.nextInt(-18 * 60, 18 * 60 + 1) * 60);
            values.add(quoted(DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(instant.atOffset(offset))));
            values.add(quoted(DateTimeFormatter.ISO_INSTANT.format(instant)));
        }
        for (String text : List.of("2026-12-07T06:26:09Z", "2026-12-07T06:26:09.000000001-00:30", "2026-12-07T06:26:09-00:00", "2026-12-07T06:26:09+00:00",
                "0000-01-01T00:00:00Z", "2026-12-07t06:26:09z",
                "2026-12-07T06:26Z", "2026-12-07T06:26:09.Z", "2026-12-07T24:00:00Z", "2026-12-07T23:59:60Z", "2026-13-07T06:26:09Z",
                "2026-02-30T06:26:09Z", "2026-12-07T06:26:09+09:75", "2026-12-07T06:26:09+19:00", " 2026-12-07T06:26:09Z",
                "2026-12-07T06:26:09", "+10000-01-01T00:00:00Z", "1733550000", "1733550000.5", "", "yesterday")) {
            values.add(quoted(text));
        }
        values.addAll(List.of("1733550000", "1733550000.123456789", "-1", "null", "true", "[\"2026-12-07T06:26:09Z\"]"));
        for (String value : values) {
            String json = "{\"at\":" + value + "}";
            assertEquals(readOrRefused(jackson, json, Event.class), readOrRefused(ours, json, Event.class), json);
            assertEquals(readOrRefused(jackson, value, Instant.class), readOrRefused(ours, value, Instant.class), value);
        }
    }

    @Test
    void leavesAPropertysOwnFormatToJackson() throws IOException {
        assertEquals(Instant.parse("2026-12-07T06:26:00Z"), ours.readValue("{\"at\":\"2026-12-07 06:26\"}", Formatted.class).at());
        assertEquals(readOrRefused(jackson, "{\"at\":\"2026-12-07T06:26:09Z\"}", Formatted.class),
                readOrRefused(ours, "{\"at\":\"2026-12-07T06:26:09Z\"}", Formatted.class));
    }

    private static String quoted(String text) {
        return "\"" + text + "\"";
    }

    private static String readOrRefused(ObjectMapper mapper, String json, Class<?> type) {
        try {
            return String.valueOf(mapper.readValue(json, type));
        } catch (IOException e) {
            return "refused: " + e.getClass().getSimpleName();
        }
    }
}
