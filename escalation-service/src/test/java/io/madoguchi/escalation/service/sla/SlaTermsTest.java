package io.madoguchi.escalation.service.sla;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.madoguchi.escalation.service.DocumentReader;

class SlaTermsTest {

    private static final String POLICY = """
            calendar: {zone: Asia/Tokyo, hours: "mon-fri 09:00-18:00", japaneseHolidays: true}
            targets:
              - {priority: high, firstReply: PT4H, nextReply: PT4H, resolution: PT27H}
              - {priority: high, queue: billing, firstReply: PT2H}
              - {priority: high, segment: enterprise, firstReply: PT1H, businessHours: false}
              - {priority: high, queue: billing, segment: enterprise, resolution: PT8H}
            onBreach:
              resolution: {queue: tier2, notifyOnCall: true}
            """;

    private final SlaTerms terms = new SlaTerms(3, DocumentReader.read(POLICY, "application/yaml", SlaPolicy.class, "invalid"));

    @Test
    void theMostSpecificTargetThatSetsTheMetricWinsAndTheRestFallBack() {
        assertEquals(new SlaTerms.Target(Duration.ofHours(4), true), terms.target("tier1", null, "high", SlaMetric.FIRST_REPLY).orElseThrow());
        assertEquals(Duration.ofHours(2), terms.target("billing", null, "high", SlaMetric.FIRST_REPLY).orElseThrow().duration());
        assertEquals(new SlaTerms.Target(Duration.ofHours(1), false), terms.target("billing", "enterprise", "high", SlaMetric.FIRST_REPLY).orElseThrow(),
                "a segment's target is more specific than a queue's");
        assertEquals(Duration.ofHours(8), terms.target("billing", "enterprise", "high", SlaMetric.RESOLUTION).orElseThrow().duration());
        assertEquals(Duration.ofHours(27), terms.target("tier1", "enterprise", "high", SlaMetric.RESOLUTION).orElseThrow().duration(),
                "the queue-and-segment target applies only in its queue");
        assertEquals(Duration.ofHours(4), terms.target("billing", "enterprise", "high", SlaMetric.NEXT_REPLY).orElseThrow().duration(),
                "a metric no specific target sets falls back to the priority's");
        assertTrue(terms.target("tier1", null, "low", SlaMetric.FIRST_REPLY).isEmpty(), "a priority without targets has no clock");
    }

    @Test
    void breachEscalationAndOnCallQueuesComeFromThePolicy() {
        assertEquals("tier2", terms.onBreach("resolution").orElseThrow().queue());
        assertTrue(terms.onBreach("first-reply").isEmpty());
        assertEquals(List.of("tier2"), terms.onCallQueues());
        assertEquals(75, terms.warnAtPercent(), "the default warning share");
    }

    @Test
    void aQueueCountsBusinessHoursInItsOwnCalendarAndTheOthersInTheDefault() {
        SlaTerms zoned = new SlaTerms(4, DocumentReader.read("""
                calendar: {zone: Asia/Tokyo, hours: "mon-fri 09:00-18:00", japaneseHolidays: true}
                calendars:
                  new-york: {zone: America/New_York, hours: "mon-fri 09:00-18:00"}
                queueCalendars: {support-us: new-york, billing: default}
                targets: [{priority: normal, firstReply: PT1H}]
                """, "application/yaml", SlaPolicy.class, "invalid"));
        // Friday 27 November 2026, 22:50 UTC: 17:50 in New York, Saturday 07:50 in Tokyo
        Instant at = Instant.parse("2026-11-27T22:50:00Z");
        assertEquals(Instant.parse("2026-11-30T14:50:00Z"), zoned.calendarFor("support-us").plus(at, Duration.ofHours(1)),
                "10 minutes on Friday and 50 on Monday, New York time");
        assertEquals(Instant.parse("2026-11-30T01:00:00Z"), zoned.calendarFor("tier1").plus(at, Duration.ofHours(1)),
                "Monday 09:00-10:00 in Tokyo");
        assertSame(zoned.calendar(), zoned.calendarFor("tier1"));
        assertSame(zoned.calendar(), zoned.calendarFor("billing"), "a queue may name the default calendar");
        assertSame(zoned.calendar(), zoned.calendarFor(null));
        assertEquals("new-york", zoned.calendarNameFor("support-us"));
        assertEquals("default", zoned.calendarNameFor("tier1"));
        assertSame(terms.calendar(), terms.calendarFor("support-us"), "a policy without named calendars has one for every queue");
    }
}
