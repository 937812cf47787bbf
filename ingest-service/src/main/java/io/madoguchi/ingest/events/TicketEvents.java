package io.madoguchi.ingest.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * The fields of ticket-service's events on {@code tickets.v1} that outbound delivery reads; the contract is
 * ticket-service's JSON Schemas, which {@code TicketEventsContractTest} checks these against.
 */
public final class TicketEvents {

    public static final String TOPIC = "tickets.v1";
    public static final String CREATED = "io.madoguchi.ticket.created.v1";
    public static final String MESSAGE_ADDED = "io.madoguchi.ticket.message-added.v1";
    public static final String DELIVERY_RETRY_REQUESTED = "io.madoguchi.ticket.delivery-retry-requested.v1";
    /** A private topic: the survey links are credentials, read by the service that delivers them and nobody else. */
    public static final String SURVEY_REQUESTS_TOPIC = "survey-requests.v1";
    public static final String SURVEY_REQUESTED = "io.madoguchi.ticket.survey-requested.v1";
    public static final String CONTACT_ERASED = "io.madoguchi.ticket.contact-erased.v1";

    private TicketEvents() {
    }

    /** The ticket's contact was erased on request: its inquiries, by id and by the identities' SHA-256, and deliveries go. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ContactErased(long ticketId, List<UUID> inquiryIds, List<String> identityHashes) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Created(long ticketId, String conversationKey, String channel, String subject, Requester requester, Message message) {
    }

    /** {@code queue}: the ticket's when the message was added; absent while unrouted, and from ticket-service before it carried it. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record MessageAdded(long ticketId, String queue, Message message) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record DeliveryRetryRequested(long ticketId, UUID deliveryId, String requestedBy) {
    }

    /** The ticket's reach is repeated here, for a request read before the ticket's created event. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record SurveyRequested(long ticketId, String channel, String conversationKey, String subject, String queue, Requester requester,
            SurveyLinks links, Instant requestedAt) {
    }

    /** The survey page, and the same page with a rating preselected. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record SurveyLinks(String page, String good, String bad) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Requester(String channelUserId, String email, String displayName) {
    }

    /**
     * @param authorType {@code requester} or {@code agent} (or {@code system})
     * @param visibility {@code public} or {@code internal}
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Message(long messageId, UUID inquiryId, String authorType, String authorId, String visibility, String channel, String body,
            Instant createdAt) {

        public boolean isPublicAgentReply() {
            return "agent".equals(authorType) && "public".equals(visibility);
        }
    }
}
