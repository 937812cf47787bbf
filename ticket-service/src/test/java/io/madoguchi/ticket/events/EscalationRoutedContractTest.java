package io.madoguchi.ticket.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** ticket-service reads routing decisions by the schema escalation-service publishes. */
class EscalationRoutedContractTest {

    private static final Path SCHEMA = Path.of("../escalation-service/src/main/resources/META-INF/resources/schemas/io.madoguchi.escalation.routed.v1.json");
    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();

    @Test
    void everyExampleIsARoutingWeCanApply() throws IOException {
        JsonNode schema = JSON.readTree(Files.readString(SCHEMA));
        for (var component : EscalationRouted.class.getRecordComponents()) {
            assertTrue(schema.at("/properties").has(component.getName()), component.getName() + " is not in the published schema");
        }
        assertTrue(schema.get("examples").size() >= 2);
        for (JsonNode example : schema.get("examples")) {
            EscalationRouted routed = JSON.treeToValue(example, EscalationRouted.class);
            assertEquals(example.get("queue").asText(), routed.queue());
            assertEquals(example.path("priority").asText(null), routed.priority());
        }
    }
}
