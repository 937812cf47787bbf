package io.madoguchi.ingest.events;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Data of the inquiry events on {@code inquiries.v1}: {@code received} (a new inquiry), {@code corrected} (the
 * same inquiry normalized again after a parser fix; {@code revision} counts up) and {@code deflected} (a
 * chatbot answered the visitor; recorded for analytics, never a ticket). The contracts are the JSON Schemas in
 * {@code src/main/resources/META-INF/resources/schemas/}.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record InquiryReceived(
        UUID inquiryId,
        Instant receivedAt,
        String channel,
        String source,
        String channelMessageId,
        String conversationKey,
        ThreadRefs threadRefs,
        Requester requester,
        List<String> recipients,
        String subject,
        @JsonInclude(JsonInclude.Include.ALWAYS) String body,
        String language,
        List<AttachmentRef> attachments,
        Map<String, Object> metadata,
        Integer revision,
        Instant correctedAt) {

    public static final String TOPIC = "inquiries.v1";
    public static final String TYPE = "io.madoguchi.inquiry.received.v1";
    public static final String CORRECTED_TYPE = "io.madoguchi.inquiry.corrected.v1";
    public static final String DEFLECTED_TYPE = "io.madoguchi.inquiry.deflected.v1";

    /** Threading signals: e-mail headers, or the channel's thread id (Slack thread_ts). */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record ThreadRefs(String messageId, String inReplyTo, List<String> references, String threadId) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Requester(String channelUserId, String email, String displayName, String phone) {
    }

    public record AttachmentRef(String filename, String contentType, long size, String sha256) {
    }
}
