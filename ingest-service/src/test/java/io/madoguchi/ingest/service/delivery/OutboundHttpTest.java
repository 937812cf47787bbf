package io.madoguchi.ingest.service.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class OutboundHttpTest {

    private static final Instant NOW = Instant.parse("2026-12-04T01:00:00Z");

    @Test
    void retryAfterIsReadInSecondsOrAsAnHttpDateAndIgnoredWhenUnreadable() {
        assertEquals(Duration.ofSeconds(30), OutboundHttp.retryAfter(Optional.of("30"), NOW));
        assertEquals(Duration.ofSeconds(90), OutboundHttp.retryAfter(Optional.of("Fri, 04 Dec 2026 01:01:30 GMT"), NOW));
        assertEquals(Duration.ZERO, OutboundHttp.retryAfter(Optional.of("Fri, 04 Dec 2026 00:59:00 GMT"), NOW), "a date past is now");
        assertEquals(Duration.ZERO, OutboundHttp.retryAfter(Optional.of("-5"), NOW));
        assertNull(OutboundHttp.retryAfter(Optional.of("soon"), NOW));
        assertNull(OutboundHttp.retryAfter(Optional.empty(), NOW));
    }
}
