package io.madoguchi.ticket.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** ticket-service reads delivery outcomes by the schemas ingest-service publishes. */
class DeliveryOutcomeContractTest {

    private static final Path SCHEMAS = Path.of("../ingest-service/src/main/resources/META-INF/resources/schemas");
    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();

    @Test
    void everyFieldWeReadOfASentDeliveryIsInItsSchemaAndItsExamplesRead() throws IOException {
        JsonNode schema = schema(DeliverySent.TYPE);
        assertFieldsPublished(schema, DeliverySent.class);
        for (JsonNode example : schema.get("examples")) {
            DeliverySent sent = JSON.treeToValue(example, DeliverySent.class);
            assertEquals(example.get("deliveryId").asText(), sent.deliveryId().toString());
            assertEquals(example.get("channelReference").asText(), sent.channelReference());
        }
    }

    @Test
    void everyFieldWeReadOfAFailedDeliveryIsInItsSchemaAndItsExamplesRead() throws IOException {
        JsonNode schema = schema(DeliveryFailed.TYPE);
        assertFieldsPublished(schema, DeliveryFailed.class);
        for (JsonNode example : schema.get("examples")) {
            DeliveryFailed failed = JSON.treeToValue(example, DeliveryFailed.class);
            assertEquals(example.get("reason").asText(), failed.reason());
            assertEquals(example.get("attempts").asInt(), failed.attempts());
        }
    }

    private static void assertFieldsPublished(JsonNode schema, Class<? extends Record> read) {
        for (var component : read.getRecordComponents()) {
            assertTrue(schema.at("/properties").has(component.getName()), component.getName() + " is not in the published schema");
        }
    }

    private static JsonNode schema(String type) throws IOException {
        return JSON.readTree(Files.readString(SCHEMAS.resolve(type + ".json")));
    }
}
