package io.madoguchi.escalation.service;

import java.util.List;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * Reads the documents admins save (routing rules, SLA policies) strictly, as JSON or YAML: a misspelt field
 * ({@code keyword:} for {@code keywords:}) is an error naming its path, not a setting silently left out.
 */
public final class DocumentReader {

    private static final ObjectMapper JSON = JsonMapper.builder().addModule(new JavaTimeModule())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS, SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS).build();
    private static final ObjectMapper YAML = YAMLMapper.builder(new YAMLFactory()).addModule(new JavaTimeModule())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private DocumentReader() {
    }

    /** JSON, or YAML when the content type says so (an import). */
    public static <T> T read(String text, String contentType, Class<T> type, String title) {
        return read(contentType != null && contentType.contains("yaml") ? YAML : JSON, text, type, title);
    }

    public static <T> T json(String text, Class<T> type, String title) {
        return read(JSON, text, type, title);
    }

    public static String toJson(Object document) {
        try {
            return JSON.writeValueAsString(document);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static <T> T read(ObjectMapper mapper, String text, Class<T> type, String title) {
        if (text == null || text.isBlank()) {
            throw new InvalidInput(title, List.of(new InvalidInput.Fault("", "the body is empty")));
        }
        try {
            T document = mapper.readValue(text, type);
            if (document == null) {
                throw new InvalidInput(title, List.of(new InvalidInput.Fault("", "the body holds no document")));
            }
            return document;
        } catch (JsonMappingException e) {
            String field = e.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? "." + ref.getFieldName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining()).replaceFirst("^\\.", "");
            String message = e instanceof UnrecognizedPropertyException ? "not a known field" : "has the wrong type or shape";
            throw new InvalidInput(title, List.of(new InvalidInput.Fault(field, message)));
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw new InvalidInput(title, List.of(new InvalidInput.Fault("", "not well-formed" + where)));
        }
    }
}
