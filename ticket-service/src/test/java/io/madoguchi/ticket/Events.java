package io.madoguchi.ticket;

import java.time.Instant;
import java.util.UUID;

/** The data of the events ticket-service's tests send; {@code TestProducer} sends them. */
public final class Events {

    private Events() {
    }

    public static String inquiry(UUID inquiryId, String conversationKey, String subject, String body) {
        return """
                {"inquiryId":"%s","receivedAt":"%s","channel":"email","conversationKey":"%s",
                 "requester":{"channelUserId":"taro@example.jp","email":"taro@example.jp","displayName":"Taro"},
                 "subject":"%s","body":"%s","someFutureField":{"ignored":true}}
                """.formatted(inquiryId, Instant.now(), conversationKey, subject, body);
    }

    /** The inquiry normalized again with a new body, as ingest announces an edit or a re-normalization. */
    public static String correctedInquiry(UUID inquiryId, String conversationKey, String subject, String body, int revision) {
        return """
                {"inquiryId":"%s","receivedAt":"%s","channel":"slack","conversationKey":"%s",
                 "requester":{"channelUserId":"T0001/U2147483697"},"subject":"%s","body":"%s","revision":%d,"correctedAt":"%s"}
                """.formatted(inquiryId, Instant.now(), conversationKey, subject, body, revision, Instant.now());
    }
}
