package io.madoguchi.ticket.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

/** ticket-service reads inquiries by the schema ingest-service publishes, not by a copy of its own. */
class InquiryReceivedContractTest {

    private static final Path SCHEMA = Path.of("../ingest-service/src/main/resources/META-INF/resources/schemas/io.madoguchi.inquiry.received.v1.json");
    private static final Path CORRECTED_SCHEMA = SCHEMA.resolveSibling("io.madoguchi.inquiry.corrected.v1.json");
    private static final Set<String> CORRECTION_ONLY = Set.of("revision", "correctedAt");
    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();

    @Test
    void everyExampleOfThePublishedSchemaIsAnInquiryWeCanUse() throws IOException {
        JsonNode schemaJson = JSON.readTree(Files.readString(SCHEMA));
        Schema schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(schemaJson.toString(), InputFormat.JSON);
        assertTrue(schemaJson.path("examples").size() >= 2, "the schema shows a full and a minimal inquiry");
        for (JsonNode example : schemaJson.get("examples")) {
            assertTrue(schema.validate(example.toString(), InputFormat.JSON).isEmpty(), "example violates the schema: " + example);
            InquiryReceived inquiry = JSON.treeToValue(example, InquiryReceived.class);
            assertNull(inquiry.missing(), "ticket-service would dead-letter " + example);
            assertEquals(example.get("conversationKey").asText(), inquiry.conversationKey());
            assertEquals(example.get("body").asText(), inquiry.body());
            if (example.has("threadRefs")) {
                assertEquals(example.at("/threadRefs/inReplyTo").asText(), inquiry.threadRefs().inReplyTo());
                assertEquals(example.at("/threadRefs/references").size(), inquiry.threadRefs().references().size());
            }
            if (example.has("recipients")) {
                assertEquals(example.get("recipients").size(), inquiry.recipients().size());
            }
            assertEquals(example.at("/requester/email").asText(), inquiry.requester().email());
        }
    }

    @Test
    void whatWeNeedIsWhatThePublisherPromises() throws IOException {
        JsonNode schemaJson = JSON.readTree(Files.readString(SCHEMA));
        Set<String> required = new HashSet<>();
        schemaJson.get("required").forEach(field -> required.add(field.asText()));
        Set<String> properties = new HashSet<>();
        schemaJson.get("properties").fieldNames().forEachRemaining(properties::add);

        ObjectNode full = (ObjectNode) schemaJson.get("examples").get(0);
        for (String field : new String[] {"inquiryId", "receivedAt", "channel", "conversationKey", "body"}) {
            ObjectNode without = full.deepCopy();
            without.remove(field);
            assertNotNull(JSON.treeToValue(without, InquiryReceived.class).missing(), field + " is needed by ticket-service");
            assertTrue(required.contains(field), "ticket-service needs " + field + " but the schema does not require it");
        }
        for (var component : InquiryReceived.class.getRecordComponents()) {
            if (!CORRECTION_ONLY.contains(component.getName())) {
                assertTrue(properties.contains(component.getName()), component.getName() + " is not in the published schema");
            }
        }
        assertFalse(required.contains("subject"), "the subject is optional: not every channel has one");
    }

    @Test
    void aCorrectionCarriesEverythingAnInquiryDoesAndTheRevisionThatOrdersIt() throws IOException {
        JsonNode schemaJson = JSON.readTree(Files.readString(CORRECTED_SCHEMA));
        Set<String> required = new HashSet<>();
        schemaJson.get("required").forEach(field -> required.add(field.asText()));
        Set<String> properties = new HashSet<>();
        schemaJson.get("properties").fieldNames().forEachRemaining(properties::add);
        for (var component : InquiryReceived.class.getRecordComponents()) {
            assertTrue(properties.contains(component.getName()), component.getName() + " is not in the corrected schema");
        }
        for (String field : new String[] {"inquiryId", "receivedAt", "channel", "conversationKey", "body", "revision", "correctedAt"}) {
            assertTrue(required.contains(field), "ticket-service needs " + field + " of a correction but the schema does not require it");
        }
        Schema schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(schemaJson.toString(), InputFormat.JSON);
        String correction = io.madoguchi.ticket.Events.correctedInquiry(java.util.UUID.randomUUID(), "slack:T1/C1/1.2", "Login", "edited", 1);
        assertTrue(schema.validate(correction, InputFormat.JSON).isEmpty(), "the corrections the tests send are what ingest publishes");
        InquiryReceived read = JSON.readValue(correction, InquiryReceived.class);
        assertNull(read.missing());
        assertEquals(1, read.revision());
        assertNotNull(JSON.readValue(correction.replace("\"revision\":1,", ""), InquiryReceived.class).missing(),
                "a correction without its revision cannot be ordered: dead-lettered");
    }
}
