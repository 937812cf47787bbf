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
}
