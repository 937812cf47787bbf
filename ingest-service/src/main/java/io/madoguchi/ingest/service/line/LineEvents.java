package io.madoguchi.ingest.service.line;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.madoguchi.ingest.domain.Inquiry;
import io.madoguchi.ingest.events.InquiryReceived.Requester;
import io.madoguchi.ingest.events.InquiryReceived.ThreadRefs;
import io.madoguchi.ingest.service.intake.Normalized;
import io.madoguchi.ingest.service.intake.Outcome;
import io.madoguchi.ingest.service.intake.PayloadNormalizer;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * LINE Messaging API webhook bodies: one body may carry several events, each its own inquiry, identified by
 * {@code webhookEventId} (a redelivery carries the same id). Text messages become inquiries keyed by the user,
 * group or room they came from; other events are not inquiries.
 */
@ApplicationScoped
public class LineEvents implements PayloadNormalizer {

    public static final String CONTENT_TYPE = "application/vnd.line.webhook+json";

    private final ObjectMapper mapper;

    public LineEvents(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** A text message event of the body. */
    public record TextMessage(String destination, String dedupeKey, Normalized inquiry) {
    }

    /** @throws IllegalArgumentException when the body is not a LINE webhook body */
    public List<TextMessage> read(JsonNode body) {
        String destination = required(body, "destination");
        JsonNode events = body.get("events");
        if (events == null || !events.isArray()) {
            throw new IllegalArgumentException("Field 'events' must be an array");
        }
        List<TextMessage> messages = new ArrayList<>();
        for (JsonNode event : events) {
            if ("message".equals(event.path("type").asText()) && "text".equals(event.path("message").path("type").asText())) {
                String eventId = required(event, "webhookEventId");
                messages.add(new TextMessage(destination, dedupeKey(eventId), normalize(destination, event)));
            }
        }
        return messages;
    }

    static String dedupeKey(String webhookEventId) {
        return "event:" + webhookEventId;
    }

    private static Normalized normalize(String destination, JsonNode event) {
        JsonNode source = event.path("source");
        JsonNode message = event.path("message");
        String sourceType = required(source, "type");
        String userId = text(source, "userId");
        String conversation = switch (sourceType) {
            case "group" -> "line:group:" + required(source, "groupId");
            case "room" -> "line:room:" + required(source, "roomId");
            default -> "line:user:" + required(source, "userId");
        };
        Map<String, Object> line = new HashMap<>();
        line.put("destination", destination);
        line.put("sourceType", sourceType);
        line.put("webhookEventId", required(event, "webhookEventId"));
        line.put("redelivery", event.path("deliveryContext").path("isRedelivery").asBoolean(false));
        if (event.hasNonNull("timestamp")) {
            line.put("sentAt", event.get("timestamp").asLong());
        }
        String quoted = text(message, "quotedMessageId");
        return new Normalized(required(message, "id"), conversation,
                quoted == null ? null : new ThreadRefs(null, quoted, List.of(), null),
                new Requester(userId, null, null, null),
                List.of(), null, required(message, "text"), List.of(), Map.of("line", line));
    }

    @Override
    public String contentType() {
        return CONTENT_TYPE;
    }

    @Override
    public Uni<Outcome> normalize(Inquiry stored) {
        try {
            for (TextMessage message : read(mapper.readTree(stored.rawPayload))) {
                if (message.dedupeKey().equals(stored.dedupeKey)) {
                    return Uni.createFrom().item(new Outcome.Publish(message.inquiry()));
                }
            }
            return Uni.createFrom().item(new Outcome.Fail("the stored body has no text message " + stored.dedupeKey));
        } catch (IOException | RuntimeException e) {
            return Uni.createFrom().item(new Outcome.Fail("LINE body unreadable: " + e.getMessage()));
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static String required(JsonNode node, String field) {
        String value = text(node, field);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("Field '" + field + "' is required");
        }
        return value;
    }
}
