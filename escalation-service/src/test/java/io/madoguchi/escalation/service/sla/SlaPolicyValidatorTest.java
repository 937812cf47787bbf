package io.madoguchi.escalation.service.sla;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.madoguchi.escalation.service.DocumentReader;

class SlaPolicyValidatorTest {

    private static List<String> faults(String yaml) {
        return SlaPolicyValidator.validate(DocumentReader.yaml(yaml, SlaPolicy.class, "invalid")).stream()
                .map(f -> f.field() + ": " + f.message()).toList();
    }

    @Test
    void aSoundPolicyHasNoFaults() {
        assertEquals(List.of(), faults("""
                calendar: {zone: Asia/Tokyo, hours: "mon-fri 09:00-12:00,13:00-18:00; sat 10:00-13:00", closures: [2026-12-31]}
                warnAtPercent: 80
                targets:
                  - {priority: urgent, firstReply: PT1H, businessHours: false}
                  - {priority: urgent, queue: billing, segment: enterprise, firstReply: PT30M}
                onBreach:
                  first-reply: {raisePriority: true}
                  resolution: {queue: dev-oncall, notifyOnCall: true}
                """));
    }

    @Test
    void everyFaultIsNamedByItsPath() {
        List<String> faults = faults("""
                calendar: {zone: Asia/Tokyo, hours: "mon-fri 09:00-12:00,11:00-18:00"}
                targets:
                  - {priority: high, queue: "Billing Team", firstReply: P400D}
                  - {priority: high}
                onBreach:
                  next-reply: {}
                """);
        assertTrue(faults.stream().anyMatch(f -> f.startsWith("calendar.hours: ") && f.contains("overlap")), faults.toString());
        assertTrue(faults.stream().anyMatch(f -> f.startsWith("targets[0].queue: ")), faults.toString());
        assertTrue(faults.contains("targets[0].firstReply: between 1 second and 366 days, e.g. PT4H"), faults.toString());
        assertTrue(faults.contains("targets[1]: sets none of firstReply, nextReply, resolution"), faults.toString());
        assertTrue(faults.contains("onBreach.next-reply: does nothing: give a queue and/or raisePriority"), faults.toString());
    }

    @Test
    void aCalendarIsRequiredAndMustOpenSomeDay() {
        assertEquals(List.of("calendar: required: zone and hours"), faults("targets: [{priority: low, resolution: PT90H}]"));
        assertEquals(List.of("calendar.hours: opens on no day"), faults("calendar: {zone: UTC, hours: ' ; '}"));
    }
}
