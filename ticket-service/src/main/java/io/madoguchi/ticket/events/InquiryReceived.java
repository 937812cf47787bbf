package io.madoguchi.ticket.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * What ticket-service reads of {@code io.madoguchi.inquiry.received.v1} and {@code io.madoguchi.inquiry.corrected.v1}
 * (schemas owned by ingest-service).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record InquiryReceived(
        UUID inquiryId,
        Instant receivedAt,
        String channel,
        String conversationKey,
        Requester requester,
        String subject,
        String body,
        String channelMessageId,
        ThreadRefs threadRefs,
        List<String> recipients,
        Integer revision,
        Instant correctedAt,
        List<Attachment> attachments) {

    public static final String TYPE = "io.madoguchi.inquiry.received.v1";
    /** The same inquiry normalized again (an edit, a parser fix): same fields, plus {@code revision} and {@code correctedAt}. */
    public static final String CORRECTED_TYPE = "io.madoguchi.inquiry.corrected.v1";

    /** E-mail threading headers, when the inquiry came by mail. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ThreadRefs(String messageId, String inReplyTo, List<String> references) {
    }

    /** A file the customer attached: its content stays with ingest-service, named by its SHA-256. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    public record Attachment(String filename, String contentType, long size, String sha256) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Requester(String channelUserId, String email, String displayName, String phone) {
    }

    /** @return what is missing for this to be a usable inquiry, or null if nothing is */
    public String missing() {
        if (inquiryId == null) {
            return "inquiryId";
        }
        if (channel == null || channel.isBlank()) {
            return "channel";
        }
        if (conversationKey == null || conversationKey.isBlank()) {
            return "conversationKey";
        }
        if (body == null) {
            return "body";
        }
        if (receivedAt == null) {
            return "receivedAt";
        }
        if (correctedAt != null && (revision == null || revision < 1)) {
            return "revision";
        }
        return null;
    }
}
