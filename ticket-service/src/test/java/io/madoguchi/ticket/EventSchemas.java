package io.madoguchi.ticket;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

import io.madoguchi.chassis.testing.TopicReader;

/** The published JSON Schemas (served at /schemas/) checked against what really went onto tickets.v1. */
final class EventSchemas {

    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

    private EventSchemas() {
    }

    /** Every tickets.v1 record of the ticket, once the topic has been quiet for a moment. */
    static List<ConsumerRecord<String, String>> eventsOf(long ticketId) {
        return TopicReader.readAll("tickets.v1", Duration.ofSeconds(2)).stream()
                .filter(r -> Long.toString(ticketId).equals(r.key())).toList();
    }

    static void assertValid(List<ConsumerRecord<String, String>> events) {
        assertTrue(!events.isEmpty());
        for (ConsumerRecord<String, String> event : events) {
            String type = TopicReader.header(event, "ce_type");
            List<Error> errors = schema(type).validate(event.value(), InputFormat.JSON);
            assertTrue(errors.isEmpty(), type + " " + event.value() + " violates its schema: " + errors);
        }
    }

    static JsonNode data(ConsumerRecord<String, String> record) {
        try {
            return TicketApi.JSON.readTree(record.value());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Schema schema(String type) {
        String path = "META-INF/resources/schemas/" + type + ".json";
        try (InputStream in = EventSchemas.class.getClassLoader().getResourceAsStream(path)) {
            assertNotNull(in, "no published schema for " + type);
            return REGISTRY.getSchema(new String(in.readAllBytes(), StandardCharsets.UTF_8), InputFormat.JSON);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
