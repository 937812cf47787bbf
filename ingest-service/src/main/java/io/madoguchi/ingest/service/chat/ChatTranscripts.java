package io.madoguchi.ingest.service.chat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.madoguchi.ingest.domain.Inquiry;
import io.madoguchi.ingest.domain.IntakeStatus;
import io.madoguchi.ingest.events.InquiryReceived.Requester;
import io.madoguchi.ingest.service.intake.Normalized;
import io.madoguchi.ingest.service.intake.Outcome;
import io.madoguchi.ingest.service.intake.PayloadNormalizer;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Our chat widget / chatbot contract (documented in the service README): a transcript and whether the bot
 * deflected the visitor (recorded, never a ticket) or handed over to a person (an inquiry).
 */
@ApplicationScoped
public class ChatTranscripts implements PayloadNormalizer {

    public static final String CONTENT_TYPE = "application/vnd.madoguchi.chat+json";
    private static final int MAX_TURNS = 500;

    private final ObjectMapper mapper;

    public ChatTranscripts(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public record Transcript(String dedupeKey, Outcome outcome) {
    }

    /** @throws IllegalArgumentException naming the field that is missing or wrong */
    public Transcript read(String source, JsonNode body) {
        String conversationId = required(body, "conversationId");
        String messageId = required(body, "messageId");
        String outcome = required(body, "outcome");
        if (!outcome.equals("handover") && !outcome.equals("deflected")) {
            throw new IllegalArgumentException("Field 'outcome' must be handover or deflected");
        }
        JsonNode visitor = body.path("visitor");
        String visitorId = text(visitor, "id");
        String email = text(visitor, "email");
        if (visitorId == null && email == null) {
            throw new IllegalArgumentException("Field 'visitor' needs an id or an email");
        }
        JsonNode turns = body.get("transcript");
        if (turns == null || !turns.isArray() || turns.isEmpty()) {
            throw new IllegalArgumentException("Field 'transcript' must be a non-empty array");
        }
        if (turns.size() > MAX_TURNS) {
            throw new IllegalArgumentException("Field 'transcript' has more than " + MAX_TURNS + " turns");
        }
        List<Map<String, String>> transcript = new ArrayList<>();
        StringBuilder asked = new StringBuilder();
        for (JsonNode turn : turns) {
            String from = required(turn, "from");
            if (!from.equals("visitor") && !from.equals("bot") && !from.equals("agent")) {
                throw new IllegalArgumentException("Field 'transcript[].from' must be visitor, bot or agent");
            }
            String text = required(turn, "text");
            Map<String, String> entry = new HashMap<>();
            entry.put("from", from);
            entry.put("text", text);
            if (text(turn, "at") != null) {
                entry.put("at", text(turn, "at"));
            }
            transcript.add(entry);
            if (from.equals("visitor")) {
                asked.append(asked.isEmpty() ? "" : "\n\n").append(text);
            }
        }
        if (asked.isEmpty()) {
            throw new IllegalArgumentException("Field 'transcript' has no visitor turn");
        }
        Map<String, Object> chat = new HashMap<>();
        chat.put("source", source);
        chat.put("conversationId", conversationId);
        chat.put("outcome", outcome);
        chat.put("transcript", transcript);
        if (text(body, "page") != null) {
            chat.put("page", text(body, "page"));
        }
        if (text(body, "article") != null) {
            chat.put("article", text(body, "article"));
        }
        Normalized inquiry = new Normalized(messageId, "chat:" + source + "/" + conversationId, null,
                new Requester(visitorId != null ? visitorId : email, email, text(visitor, "name"), text(visitor, "phone")),
                List.of(), text(body, "subject"), asked.toString(), List.of(), Map.of("chat", chat));
        return new Transcript("message:" + messageId, outcome.equals("handover")
                ? new Outcome.Publish(inquiry)
                : new Outcome.Record(inquiry, IntakeStatus.deflected, "the chatbot answered the visitor"));
    }

    @Override
    public String contentType() {
        return CONTENT_TYPE;
    }

    @Override
    public Uni<Outcome> normalize(Inquiry stored) {
        try {
            return Uni.createFrom().item(read(stored.source, mapper.readTree(stored.rawPayload)).outcome());
        } catch (IOException | RuntimeException e) {
            return Uni.createFrom().item(new Outcome.Fail("chat transcript unreadable: " + e.getMessage()));
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() || value.asText().isBlank() ? null : value.asText();
    }

    private static String required(JsonNode node, String field) {
        String value = text(node, field);
        if (value == null) {
            throw new IllegalArgumentException("Field '" + field + "' is required");
        }
        return value;
    }
}
