package io.madoguchi.escalation.service.routing;

import java.util.List;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.madoguchi.escalation.service.InvalidInput;

/**
 * Reads rule sets strictly: a misspelt condition ({@code keyword:} for {@code keywords:}) is an error, not a
 * condition silently left out.
 */
public final class RuleSetReader {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();
    private static final ObjectMapper YAML = YAMLMapper.builder(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private RuleSetReader() {
    }

    public static RuleSet json(String text) {
        return read(JSON, text);
    }

    public static RuleSet yaml(String text) {
        return read(YAML, text);
    }

    public static String toJson(RuleSet set) {
        try {
            return JSON.writeValueAsString(set);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static RuleSet read(ObjectMapper mapper, String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidInput("Invalid routing rules", List.of(new InvalidInput.Fault("", "the body is empty")));
        }
        try {
            RuleSet set = mapper.readValue(text, RuleSet.class);
            if (set == null) {
                throw new InvalidInput("Invalid routing rules", List.of(new InvalidInput.Fault("", "the body holds no rule set")));
            }
            return set;
        } catch (JsonMappingException e) {
            String field = e.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? "." + ref.getFieldName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining()).replaceFirst("^\\.", "");
            String message = e instanceof com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException
                    ? "not a known field" : "has the wrong type or shape";
            throw new InvalidInput("Invalid routing rules", List.of(new InvalidInput.Fault(field, message)));
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw new InvalidInput("Invalid routing rules", List.of(new InvalidInput.Fault("", "not well-formed" + where)));
        }
    }
}
