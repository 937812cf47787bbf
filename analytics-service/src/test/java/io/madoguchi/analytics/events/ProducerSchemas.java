package io.madoguchi.analytics.events;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

/**
 * The JSON Schemas the producing services publish for the events analytics-service reads, from their own source tree (a
 * consumer tests against the producer's files, not a copy): what a test sends must be an event the producer could send.
 */
public final class ProducerSchemas {

    private static final Map<String, String> OWNERS = Map.of("ticket", "ticket-service", "escalation", "escalation-service",
            "inquiry", "ingest-service", "delivery", "ingest-service");
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

    private ProducerSchemas() {
    }

    /** The schema file of an event type ({@code io.madoguchi.<aggregate>.<event>.v1}) in its owner's source. */
    public static Path path(String type) {
        String owner = OWNERS.get(type.split("\\.")[2]);
        return Path.of("..", owner, "src/main/resources/META-INF/resources/schemas", type + ".json");
    }

    /** @return the data, after checking it against the producer's schema of the type */
    public static String assertValid(String type, String data) {
        try {
            List<Error> errors = REGISTRY.getSchema(Files.readString(path(type)), InputFormat.JSON).validate(data, InputFormat.JSON);
            assertTrue(errors.isEmpty(), type + " " + data + " violates its producer's schema: " + errors);
            return data;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
