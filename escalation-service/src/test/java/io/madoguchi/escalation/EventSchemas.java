package io.madoguchi.escalation;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

import io.madoguchi.chassis.testing.TopicReader;

/** The published JSON Schemas (served at /schemas/) checked against what really went onto escalations.v1. */
final class EventSchemas {

    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

    private EventSchemas() {
    }

    static void assertValid(List<ConsumerRecord<String, String>> events) {
        assertTrue(!events.isEmpty());
        for (ConsumerRecord<String, String> event : events) {
            String type = TopicReader.header(event, "ce_type");
            List<Error> errors = schema(type).validate(event.value(), InputFormat.JSON);
            assertTrue(errors.isEmpty(), type + " " + event.value() + " violates its schema: " + errors);
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
