package io.madoguchi.ticket.events;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The events ticket-service publishes to {@code tickets.v1}; their contracts are the JSON Schemas in
 * {@code src/main/resources/META-INF/resources/schemas/}.
 */
public final class TicketEvents {

    public static final String TOPIC = "tickets.v1";
    public static final String SOURCE = "/ticket-service";
    public static final String CREATED = "io.madoguchi.ticket.created.v1";
    public static final String MESSAGE_ADDED = "io.madoguchi.ticket.message-added.v1";
    public static final String ASSIGNED = "io.madoguchi.ticket.assigned.v1";

    private TicketEvents() {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Requester(String channelUserId, String email, String displayName) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Message(long messageId, UUID inquiryId, String authorType, String authorId, String visibility,
            String channel, String body, Instant createdAt) {
    }

    /** A new ticket with its first requester message; {@code inquiryReceivedAt} is when ingest accepted it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Created(long ticketId, String conversationKey, String status, String priority, String channel,
            String subject, Requester requester, Instant createdAt, Instant inquiryReceivedAt, Message message) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record MessageAdded(long ticketId, Instant inquiryReceivedAt, Message message) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Assigned(long ticketId, String queue, String assignee, String rule, Instant assignedAt) {
    }
}
