package io.madoguchi.ingest.rest;

import java.io.IOException;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.madoguchi.chassis.rest.ProblemException;

/** Webhook bodies are read as bytes (signatures cover the exact bytes), then parsed here. */
final class JsonBodies {

    private JsonBodies() {
    }

    /** @throws com.fasterxml.jackson.core.JsonProcessingException for broken JSON (mapped to a 400 problem) */
    static JsonNode object(ObjectMapper mapper, byte[] body) throws IOException {
        JsonNode tree = body == null || body.length == 0 ? null
                : mapper.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readTree(body);
        if (tree == null || !tree.isObject()) {
            throw new ProblemException(400, "Malformed request body", "A JSON object is required", "malformed");
        }
        return tree;
    }
}
