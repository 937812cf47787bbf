package io.madoguchi.deploy.k8s;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

/**
 * The vendored JSON Schemas under deploy/k8s/schemas, one per apiVersion and kind ({@code schemas/generate.sh} writes
 * them); each rejects unknown fields.
 */
final class Schemas {

    private final Path dir;
    private final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7);
    private final Map<Path, Schema> loaded = new ConcurrentHashMap<>();

    Schemas(Path dir) {
        this.dir = dir;
    }

    /** What is wrong with each object by its kind's schema; an object whose kind has no schema is wrong too. */
    List<String> problems(Rendered rendered) {
        List<String> problems = new ArrayList<>();
        for (JsonNode object : rendered.objects) {
            String apiVersion = object.path("apiVersion").asText();
            String group = apiVersion.contains("/") ? apiVersion : "core/" + apiVersion;
            Path file = dir.resolve(group).resolve(object.path("kind").asText() + ".json");
            if (!Files.isRegularFile(file)) {
                problems.add(Rendered.id(object) + ": no schema for " + apiVersion + " " + object.path("kind").asText());
                continue;
            }
            schema(file).validate(object.toString(), InputFormat.JSON)
                    .forEach(error -> problems.add(Rendered.id(object) + ": " + error.getInstanceLocation() + " " + error.getMessage()));
        }
        return problems;
    }

    private Schema schema(Path file) {
        return loaded.computeIfAbsent(file, f -> {
            try {
                return registry.getSchema(Files.readString(f), InputFormat.JSON);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }
}
