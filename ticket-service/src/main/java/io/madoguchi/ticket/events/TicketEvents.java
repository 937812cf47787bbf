package io.madoguchi.ticket.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The events ticket-service publishes: to {@code tickets.v1}, which every internal system may read, and the survey
 * request to {@code survey-requests.v1}, which only the delivering service (ingest-service) reads because its links
 * carry the survey's token. Their contracts are the JSON Schemas in {@code src/main/resources/META-INF/resources/schemas/}.
 */
public final class TicketEvents {

    public static final String TOPIC = "tickets.v1";
    /** Private: read by the delivering service only. */
    public static final String SURVEY_REQUESTS_TOPIC = "survey-requests.v1";
    public static final String SOURCE = "/ticket-service";
    public static final String CREATED = "io.madoguchi.ticket.created.v1";
    public static final String MESSAGE_ADDED = "io.madoguchi.ticket.message-added.v1";
    public static final String MESSAGE_EDITED = "io.madoguchi.ticket.message-edited.v1";
    public static final String ASSIGNED = "io.madoguchi.ticket.assigned.v1";
    public static final String STATUS_CHANGED = "io.madoguchi.ticket.status-changed.v1";
    public static final String PRIORITY_CHANGED = "io.madoguchi.ticket.priority-changed.v1";
    public static final String TAGS_CHANGED = "io.madoguchi.ticket.tags-changed.v1";
    public static final String MERGED = "io.madoguchi.ticket.merged.v1";
    public static final String MACRO_APPLIED = "io.madoguchi.ticket.macro-applied.v1";
    public static final String SATISFACTION_RATED = "io.madoguchi.ticket.satisfaction-rated.v1";
    public static final String DELIVERY_RETRY_REQUESTED = "io.madoguchi.ticket.delivery-retry-requested.v1";
    public static final String SURVEY_REQUESTED = "io.madoguchi.ticket.survey-requested.v1";
    public static final String CONTACT_ERASED = "io.madoguchi.ticket.contact-erased.v1";

    private TicketEvents() {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Requester(String channelUserId, String email, String displayName) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Message(long messageId, UUID inquiryId, String authorType, String authorId, String visibility,
            String channel, String body, Instant createdAt,
            @JsonInclude(JsonInclude.Include.NON_EMPTY) List<InquiryReceived.Attachment> attachments) {
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

    /**
     * {@code reopened} when a solved ticket went back to open. The survey token it once carried on a solve now goes
     * privately, in {@link SurveyRequested}; the schema keeps the field for old consumers.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record StatusChanged(long ticketId, String from, String to, String changedBy, boolean reopened, Instant changedAt) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PriorityChanged(long ticketId, String from, String to, String changedBy, Instant changedAt) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TagsChanged(long ticketId, List<String> tags, List<String> added, List<String> removed, String changedBy,
            Instant changedAt) {
    }

    /**
     * The ticket's contact was erased on a data-protection request: ticket-service removed its personal data, and
     * every consumer removes what it holds of the ticket, of the inquiries {@code inquiryIds} and of inquiries from
     * the contact's identities. Identities travel as {@code identityHashes}: SHA-256 (hex) of each identity value as
     * ticket-service keeps it (an e-mail address lower case, a phone number's digits and +, a channel user id as is).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ContactErased(long ticketId, long contactId, List<UUID> inquiryIds, List<String> identityHashes, String erasedBy,
            Instant erasedAt) {
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

    /** A requester's message whose inquiry was corrected: its new body, the inquiry's revision, and when. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record MessageEdited(long ticketId, long messageId, UUID inquiryId, int revision, String body, Instant editedAt) {
    }

    /** {@code queue}: the ticket's queue when the message was added (absent while unrouted), whose address a reply comes from. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record MessageAdded(long ticketId, String queue, Instant inquiryReceivedAt, Message message) {
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

    /**
     * On {@code survey-requests.v1}: a solved ticket's satisfaction survey, for the delivering service to send to the
     * requester on the ticket's channel. The channel, conversation and requester are here so that it can reach the
     * customer without having seen the ticket's created event, and the ticket's queue, whose address the survey comes from.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SurveyRequested(long ticketId, String channel, String conversationKey, String subject, String queue, Requester requester,
            SurveyLinks links, Instant expiresAt, Instant requestedAt) {
    }

    /** The survey page, and the page with a rating preselected (opening a link records nothing). */
    public record SurveyLinks(String page, String good, String bad) {
    }
}
