package io.madoguchi.escalation.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

/** The events escalation-service reads and writes, checked against the schema files their owners publish. */
class EventContractTest {

    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules()
            .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

    private static Schema schema(Path file) throws IOException {
        return REGISTRY.getSchema(Files.readString(file), InputFormat.JSON);
    }

    @Test
    void whatWeReadOfTicketCreatedIsInTicketServicesSchema() throws IOException {
        Path file = Path.of("../ticket-service/src/main/resources/META-INF/resources/schemas/io.madoguchi.ticket.created.v1.json");
        JsonNode schema = JSON.readTree(Files.readString(file));
        for (var component : TicketCreated.class.getRecordComponents()) {
            assertTrue(schema.at("/properties").has(component.getName()), component.getName() + " is not in ticket.created.v1");
        }
        assertTrue(schema.at("/properties/requester/properties").has("email"));
        assertTrue(schema.at("/properties/message/properties").has("body"));

        String created = """
                {"ticketId":7,"conversationKey":"api:7","status":"new","priority":"normal","channel":"email","subject":"請求書",
                 "requester":{"channelUserId":"u","email":"hanako@example.jp","displayName":"Hanako"},"createdAt":"2026-11-22T01:00:00Z",
                 "message":{"messageId":1,"authorType":"requester","visibility":"public","channel":"email","body":"届きません",
                 "createdAt":"2026-11-22T01:00:00Z"}}""";
        assertTrue(schema(file).validate(created, InputFormat.JSON).isEmpty(), "the sample is a valid ticket.created.v1");
        TicketCreated read = JSON.readValue(created, TicketCreated.class);
        assertEquals("hanako@example.jp", read.requester().email());
        assertEquals("届きません", read.message().body());
    }

    @Test
    void whatWeReadOfTagsChangedIsInTicketServicesSchema() throws IOException {
        Path file = Path.of("../ticket-service/src/main/resources/META-INF/resources/schemas/io.madoguchi.ticket.tags-changed.v1.json");
        JsonNode schema = JSON.readTree(Files.readString(file));
        for (var component : TicketTagsChanged.class.getRecordComponents()) {
            assertTrue(schema.at("/properties").has(component.getName()), component.getName() + " is not in ticket.tags-changed.v1");
        }
        String changed = """
                {"ticketId":7,"tags":["vip","bug"],"added":["bug"],"removed":[],"changedBy":"mei","changedAt":"2026-11-22T01:00:00Z"}""";
        assertTrue(schema(file).validate(changed, InputFormat.JSON).isEmpty(), "the sample is a valid ticket.tags-changed.v1");
        assertEquals(List.of("bug"), JSON.readValue(changed, TicketTagsChanged.class).added());
    }

    @Test
    void whatWeReadOfAContactErasureIsInTicketServicesSchema() throws IOException {
        Path file = Path.of("../ticket-service/src/main/resources/META-INF/resources/schemas/io.madoguchi.ticket.contact-erased.v1.json");
        JsonNode schema = JSON.readTree(Files.readString(file));
        for (var component : TicketContactErased.class.getRecordComponents()) {
            assertTrue(schema.at("/required").toString().contains(component.getName()), component.getName() + " is required in contact-erased.v1");
        }
        for (JsonNode example : schema.path("examples")) {
            assertTrue(schema(file).validate(example.toString(), InputFormat.JSON).isEmpty(), example.toString());
            assertEquals(example.path("ticketId").asLong(), JSON.treeToValue(example, TicketContactErased.class).ticketId());
        }
    }

    @Test
    void whatWeWriteIsValidByOurOwnSchema() throws IOException {
        Schema schema = schema(Path.of("src/main/resources/META-INF/resources/schemas/io.madoguchi.escalation.routed.v1.json"));
        String routed = JSON.writeValueAsString(new EscalationRouted(7, "billing", "mei", "cover:4", "billing-ja", 3L, "high", List.of("billing"),
                "email", Instant.parse("2026-11-22T01:00:00Z")));
        assertTrue(schema.validate(routed, InputFormat.JSON).isEmpty(), routed);
        String byDefault = JSON.writeValueAsString(new EscalationRouted(8, "tier1", null, null, "default", 0L, null, List.of(),
                "api", Instant.parse("2026-11-22T01:00:00Z")));
        assertTrue(schema.validate(byDefault, InputFormat.JSON).isEmpty(), byDefault);
        for (JsonNode example : JSON.readTree(Files.readString(Path.of(
                "src/main/resources/META-INF/resources/schemas/io.madoguchi.escalation.routed.v1.json"))).get("examples")) {
            assertTrue(schema.validate(example.toString(), InputFormat.JSON).isEmpty(), example.toString());
        }
    }
}
