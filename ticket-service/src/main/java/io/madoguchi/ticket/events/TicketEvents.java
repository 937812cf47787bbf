package io.madoguchi.ticket.events;

import java.time.Instant;
import java.util.List;
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
    public static final String STATUS_CHANGED = "io.madoguchi.ticket.status-changed.v1";
    public static final String PRIORITY_CHANGED = "io.madoguchi.ticket.priority-changed.v1";
    public static final String TAGS_CHANGED = "io.madoguchi.ticket.tags-changed.v1";
    public static final String MERGED = "io.madoguchi.ticket.merged.v1";
    public static final String MACRO_APPLIED = "io.madoguchi.ticket.macro-applied.v1";
    public static final String SATISFACTION_RATED = "io.madoguchi.ticket.satisfaction-rated.v1";
    public static final String DELIVERY_RETRY_REQUESTED = "io.madoguchi.ticket.delivery-retry-requested.v1";

    private TicketEvents() {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Requester(String channelUserId, String email, String displayName) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Message(long messageId, UUID inquiryId, String authorType, String authorId, String visibility,
            String channel, String body, Instant createdAt) {
    }

    /**
     * A new ticket with its first requester message; {@code inquiryReceivedAt} is when ingest accepted it,
     * {@code followUpOf} the closed ticket this one follows up.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Created(long ticketId, String conversationKey, String status, String priority, String channel,
            String subject, Requester requester, Long contactId, Long followUpOf, Instant createdAt,
            Instant inquiryReceivedAt, Message message) {
    }

    /** {@code reopened} when a solved ticket went back to open; {@code surveyToken} when it was solved. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record StatusChanged(long ticketId, String from, String to, String changedBy, boolean reopened,
            String surveyToken, Instant changedAt) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PriorityChanged(long ticketId, String from, String to, String changedBy, Instant changedAt) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TagsChanged(long ticketId, List<String> tags, List<String> added, List<String> removed, String changedBy,
            Instant changedAt) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Merged(long ticketId, long into, String mergedBy, Instant mergedAt) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record MacroApplied(long ticketId, long macroId, String macroName, String appliedBy, Instant appliedAt) {
    }

    /** CSAT: {@code rating} good or bad; {@code score} 1–5 when the survey used a scale. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SatisfactionRated(long ticketId, String rating, Integer score, String comment, Instant ratedAt) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record MessageAdded(long ticketId, Instant inquiryReceivedAt, Message message) {
    }

    /** {@code rule} names the routing rule when escalation-service decided, {@code assignedBy} the agent otherwise. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Assigned(long ticketId, String queue, String assignee, String rule, String assignedBy, Instant assignedAt) {
    }

    /** An agent asked for a failed delivery to be tried again; ingest-service, which delivers, takes it up. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DeliveryRetryRequested(long ticketId, UUID deliveryId, Long messageId, String requestedBy,
            Instant requestedAt) {
    }
}
