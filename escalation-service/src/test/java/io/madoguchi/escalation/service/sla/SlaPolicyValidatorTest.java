package io.madoguchi.escalation.service.sla;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.madoguchi.escalation.service.DocumentReader;

class SlaPolicyValidatorTest {

    private static List<String> faults(String yaml) {
        return SlaPolicyValidator.validate(DocumentReader.read(yaml, "application/yaml", SlaPolicy.class, "invalid")).stream()
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
    void aClosureThatIsNoDateIsAFaultNotACrash() {
        assertEquals(List.of("calendar.closures: must be dates (yyyy-mm-dd)"), faults("calendar: {zone: UTC, hours: 'mon-fri 09:00-17:00', closures: [~]}"));
        assertEquals(List.of("calendars.ny.closures: must be dates (yyyy-mm-dd)"), faults("""
                calendar: {zone: UTC, hours: 'mon-fri 09:00-17:00'}
                calendars: {ny: {zone: America/New_York, hours: 'mon-fri 09:00-17:00', closures: [2026-11-26, ~]}}
                """));
    }

    @Test
    void aCalendarIsRequiredAndMustOpenSomeDay() {
        assertEquals(List.of("calendar: required: zone and hours"), faults("targets: [{priority: low, resolution: PT90H}]"));
        assertEquals(List.of("calendar.hours: opens on no day"), faults("calendar: {zone: UTC, hours: ' ; '}"));
    }

    @Test
    void namedCalendarsAreCheckedLikeTheDefaultAndAQueueMayNameOnlyOneOfThem() {
        assertEquals(List.of(), faults("""
                calendar: {zone: Asia/Tokyo, hours: "mon-fri 09:00-18:00"}
                calendars:
                  new-york: {zone: America/New_York, hours: "mon-fri 09:00-17:00", closures: [2026-11-26]}
                queueCalendars: {support-us: new-york, tier1: default}
                targets: [{priority: low, resolution: PT90H}]
                """));
        List<String> faults = faults("""
                calendar: {zone: Asia/Tokyo, hours: "mon-fri 09:00-18:00"}
                calendars:
                  new-york: {zone: America/NewYork, hours: "mon-fri 09:00-17:00"}
                  london: {zone: Europe/London, hours: "mon-fri 17:00-09:00"}
                  default: {zone: UTC, hours: "mon-fri 09:00-17:00"}
                  Sydney: {zone: Australia/Sydney, hours: "mon-fri 09:00-17:00"}
                  berlin:
                queueCalendars: {support-us: newyork, support-eu: london, "Support AU": berlin}
                targets: [{priority: low, resolution: PT90H}]
                """);
        assertTrue(faults.contains("calendars.new-york.zone: 'America/NewYork' is not a time zone"), faults.toString());
        assertTrue(faults.stream().anyMatch(f -> f.startsWith("calendars.london.hours: ")), faults.toString());
        assertTrue(faults.contains("calendars.default: 'default' is the top-level calendar; give this one another name"), faults.toString());
        assertTrue(faults.stream().anyMatch(f -> f.startsWith("calendars.Sydney: 1–64 characters")), faults.toString());
        assertTrue(faults.contains("calendars.berlin: required: zone and hours"), faults.toString());
        assertTrue(faults.contains("queueCalendars.support-us: 'newyork' is not a calendar: name one of calendars "
                + "[new-york, london, default, Sydney, berlin] or default"), faults.toString());
        assertTrue(faults.stream().anyMatch(f -> f.startsWith("queueCalendars.Support AU: 1–64 characters")), faults.toString());
        assertTrue(faults.stream().noneMatch(f -> f.startsWith("queueCalendars.support-eu")), "london is a calendar, if a bad one");
        assertEquals(7, faults.size(), faults.toString());
    }
}
