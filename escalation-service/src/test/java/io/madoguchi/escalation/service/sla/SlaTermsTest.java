package io.madoguchi.escalation.service.sla;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
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

    private final SlaTerms terms = new SlaTerms(3, DocumentReader.yaml(POLICY, SlaPolicy.class, "invalid"));

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
}
