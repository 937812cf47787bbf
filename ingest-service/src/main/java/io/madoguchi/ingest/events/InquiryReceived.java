package io.madoguchi.ingest.events;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Data of {@code io.madoguchi.inquiry.received.v1}; the contract is
 * {@code src/main/resources/META-INF/resources/schemas/inquiry.received.v1.json}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record InquiryReceived(
        UUID inquiryId,
        Instant receivedAt,
        String channel,
        String conversationKey,
        Requester requester,
        String subject,
        String body) {

    public static final String TYPE = "io.madoguchi.inquiry.received.v1";
    public static final String TOPIC = "inquiries.v1";

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Requester(String channelUserId, String email, String displayName, String phone) {
    }
}
