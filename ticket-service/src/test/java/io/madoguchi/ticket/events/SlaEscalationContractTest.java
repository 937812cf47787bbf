package io.madoguchi.ticket.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.madoguchi.ticket.domain.SlaClock;

/** ticket-service reads breaches, breach escalations and next due times by the schemas escalation-service publishes. */
class SlaEscalationContractTest {

    private static final Path SCHEMAS = Path.of("../escalation-service/src/main/resources/META-INF/resources/schemas");
    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();

    @Test
    void breachesAndReassignmentsAreReadAsPublished() throws IOException {
        JsonNode reassigned = JSON.readTree(Files.readString(SCHEMAS.resolve("io.madoguchi.escalation.reassigned.v1.json")));
        for (var component : EscalationReassigned.class.getRecordComponents()) {
            assertTrue(reassigned.at("/properties").has(component.getName()), component.getName() + " is not in reassigned.v1");
        }
        for (JsonNode example : reassigned.get("examples")) {
            EscalationReassigned read = JSON.treeToValue(example, EscalationReassigned.class);
            assertEquals(example.path("queue").asText(null), read.queue());
            assertEquals(example.path("priority").asText(null), read.priority());
            assertEquals(example.get("reason").asText(), read.reason());
        }
        JsonNode breached = JSON.readTree(Files.readString(SCHEMAS.resolve("io.madoguchi.escalation.sla-breached.v1.json")));
        for (var component : SlaBreached.class.getRecordComponents()) {
            assertTrue(breached.at("/properties").has(component.getName()), component.getName() + " is not in sla-breached.v1");
        }
        assertEquals("first-reply", JSON.treeToValue(breached.get("examples").get(0), SlaBreached.class).metric());
    }

    @Test
    void nextDueTimesAreReadAsPublished() throws IOException {
        JsonNode due = JSON.readTree(Files.readString(SCHEMAS.resolve("io.madoguchi.escalation.sla-due.v1.json")));
        for (var component : SlaDue.class.getRecordComponents()) {
            assertTrue(due.at("/properties").has(component.getName()), component.getName() + " is not in sla-due.v1");
        }
        SlaDue running = JSON.treeToValue(due.get("examples").get(0), SlaDue.class);
        assertEquals("first-reply", running.metric());
        assertEquals(java.time.Instant.parse("2026-11-30T00:50:00Z"), running.dueAt());
        assertEquals(List.of("running", "running"), running.clocks().stream().map(SlaClock::state).toList());
        SlaDue none = JSON.treeToValue(due.get("examples").get(1), SlaDue.class);
        assertEquals(null, none.dueAt(), "no clock runs");
        assertEquals(List.of("met", "paused"), none.clocks().stream().map(SlaClock::state).toList());
        for (var component : SlaClock.class.getRecordComponents()) {
            assertTrue(due.at("/properties/clocks/items/properties").has(component.getName()), component.getName() + " is not a clock's");
        }
    }
}
