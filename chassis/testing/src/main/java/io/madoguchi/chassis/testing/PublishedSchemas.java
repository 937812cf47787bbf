package io.madoguchi.chassis.testing;

import static org.junit.jupiter.api.Assertions.assertFalse;
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

import io.madoguchi.chassis.cloudevents.CloudEventHeaders;

/**
 * Checks what really went onto a topic against the JSON Schema the service under test publishes for each event type
 * ({@code META-INF/resources/schemas/<ce_type>.json}, served at {@code /schemas/}).
 */
public final class PublishedSchemas {

    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

    private PublishedSchemas() {
    }

    public static void assertValid(List<ConsumerRecord<String, String>> events) {
        assertFalse(events.isEmpty(), "no events to check");
        events.forEach(PublishedSchemas::assertValid);
    }

    public static void assertValid(ConsumerRecord<String, String> event) {
        String type = TopicReader.header(event, CloudEventHeaders.TYPE);
        assertNotNull(type, "an event without ce_type");
        List<Error> errors = schema(type).validate(event.value(), InputFormat.JSON);
        assertTrue(errors.isEmpty(), type + " " + event.value() + " violates its schema: " + errors);
    }

    private static Schema schema(String type) {
        String path = "META-INF/resources/schemas/" + type + ".json";
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(path)) {
            assertNotNull(in, "no published schema for " + type);
            return REGISTRY.getSchema(new String(in.readAllBytes(), StandardCharsets.UTF_8), InputFormat.JSON);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
