package io.madoguchi.ingest.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.networknt.schema.InputFormat;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

/** What outbound delivery reads of ticket-service's events is in ticket-service's schemas, and what it publishes is in its own. */
class TicketEventsContractTest {

    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules().disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    private static final Path TICKET_SCHEMAS = Path.of("../ticket-service/src/main/resources/META-INF/resources/schemas");
    private static final Path OWN_SCHEMAS = Path.of("src/main/resources/META-INF/resources/schemas");

    @Test
    void whatWeReadOfTicketCreatedAndMessageAddedIsInTicketServicesSchemas() throws IOException {
        JsonNode created = JSON.readTree(Files.readString(TICKET_SCHEMAS.resolve("io.madoguchi.ticket.created.v1.json")));
        for (var component : TicketEvents.Created.class.getRecordComponents()) {
            assertTrue(created.at("/properties").has(component.getName()), component.getName() + " is not in ticket.created.v1");
        }
        for (var component : TicketEvents.Requester.class.getRecordComponents()) {
            assertTrue(created.at("/properties/requester/properties").has(component.getName()), "requester." + component.getName());
        }
        JsonNode added = JSON.readTree(Files.readString(TICKET_SCHEMAS.resolve("io.madoguchi.ticket.message-added.v1.json")));
        for (var component : TicketEvents.MessageAdded.class.getRecordComponents()) {
            assertTrue(added.at("/properties").has(component.getName()), component.getName() + " is not in ticket.message-added.v1");
        }
        for (var component : TicketEvents.Message.class.getRecordComponents()) {
            assertTrue(added.at("/properties/message/properties").has(component.getName()), "message." + component.getName());
        }

        String reply = """
                {"ticketId":7,"queue":"billing","message":{"messageId":9,"authorType":"agent","authorId":"mei","visibility":"public","channel":"email",
                 "body":"お待たせしました","createdAt":"2026-12-04T01:00:00Z"}}""";
        assertTrue(REGISTRY.getSchema(added.toString(), InputFormat.JSON).validate(reply, InputFormat.JSON).isEmpty(), "a valid sample");
        TicketEvents.MessageAdded read = JSON.readValue(reply, TicketEvents.MessageAdded.class);
        assertTrue(read.message().isPublicAgentReply());
        assertEquals("billing", read.queue());
    }

    @Test
    void whatWeReadOfARetryRequestIsInTicketServicesSchema() throws IOException {
        JsonNode retry = JSON.readTree(Files.readString(TICKET_SCHEMAS.resolve("io.madoguchi.ticket.delivery-retry-requested.v1.json")));
        for (var component : TicketEvents.DeliveryRetryRequested.class.getRecordComponents()) {
            assertTrue(retry.at("/properties").has(component.getName()), component.getName() + " is not in delivery-retry-requested.v1");
            assertTrue(retry.at("/required").toString().contains(component.getName()), component.getName() + " is required");
        }
    }

    @Test
    void whatWeReadOfASurveyRequestIsInTicketServicesSchema() throws IOException {
        JsonNode survey = JSON.readTree(Files.readString(TICKET_SCHEMAS.resolve("io.madoguchi.ticket.survey-requested.v1.json")));
        for (var component : TicketEvents.SurveyRequested.class.getRecordComponents()) {
            assertTrue(survey.at("/properties").has(component.getName()), component.getName() + " is not in survey-requested.v1");
        }
        for (var component : TicketEvents.SurveyLinks.class.getRecordComponents()) {
            assertTrue(survey.at("/properties/links/properties").has(component.getName()), "links." + component.getName());
            assertTrue(survey.at("/properties/links/required").toString().contains(component.getName()), "links." + component.getName() + " is required");
        }
        for (var component : TicketEvents.Requester.class.getRecordComponents()) {
            assertTrue(survey.at("/properties/requester/properties").has(component.getName()), "requester." + component.getName());
        }
        for (JsonNode example : survey.path("examples")) {
            TicketEvents.SurveyRequested read = JSON.treeToValue(example, TicketEvents.SurveyRequested.class);
            assertTrue(read.ticketId() > 0 && read.links().good().contains("rating=good") && read.queue() != null, example.toString());
        }
    }

    @Test
    void whatWeReadOfAContactErasureIsInTicketServicesSchema() throws IOException {
        JsonNode erased = JSON.readTree(Files.readString(TICKET_SCHEMAS.resolve("io.madoguchi.ticket.contact-erased.v1.json")));
        for (var component : TicketEvents.ContactErased.class.getRecordComponents()) {
            assertTrue(erased.at("/properties").has(component.getName()), component.getName() + " is not in contact-erased.v1");
            assertTrue(erased.at("/required").toString().contains(component.getName()), component.getName() + " is required");
        }
        for (JsonNode example : erased.path("examples")) {
            assertTrue(REGISTRY.getSchema(erased.toString(), InputFormat.JSON).validate(example.toString(), InputFormat.JSON).isEmpty());
            TicketEvents.ContactErased read = JSON.treeToValue(example, TicketEvents.ContactErased.class);
            assertTrue(read.ticketId() > 0 && !read.inquiryIds().isEmpty() && read.identityHashes().get(0).length() == 64, example.toString());
        }
    }

    @Test
    void theDeliveryOutcomesWePublishMatchOurSchemas() throws IOException {
        UUID id = UUID.randomUUID();
        String sent = JSON.writeValueAsString(new DeliveryEvents.Sent(id, 7, 9L, "reply", "email", "hanako@example.jp", 1,
                "<delivery." + id + "@example.jp>", UUID.randomUUID(), Instant.now()));
        String failed = JSON.writeValueAsString(new DeliveryEvents.Failed(id, 7, 9L, "reply", "email", "nobody@example.jp", 1,
                "SMTP 550: 5.1.1 user unknown", true, UUID.randomUUID(), Instant.now()));
        assertEquals(0, validate("io.madoguchi.delivery.sent.v1.json", sent), sent);
        assertEquals(0, validate("io.madoguchi.delivery.failed.v1.json", failed), failed);
    }

    private static int validate(String file, String json) throws IOException {
        return REGISTRY.getSchema(Files.readString(OWN_SCHEMAS.resolve(file)), InputFormat.JSON).validate(json, InputFormat.JSON).size();
    }
}
