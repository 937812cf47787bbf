package io.madoguchi.ingest.events;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Data of the delivery outcomes on {@code deliveries.v1}, keyed by ticket id. The contracts are the JSON Schemas in
 * {@code src/main/resources/META-INF/resources/schemas/}.
 */
public final class DeliveryEvents {

    public static final String TOPIC = "deliveries.v1";
    public static final String SOURCE = "/ingest-service/delivery";
    public static final String SENT = "io.madoguchi.delivery.sent.v1";
    public static final String FAILED = "io.madoguchi.delivery.failed.v1";

    private DeliveryEvents() {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Sent(UUID deliveryId, long ticketId, Long messageId, String kind, String channel, String recipient, int attempts,
            String channelReference, UUID causationId, Instant sentAt) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Failed(UUID deliveryId, long ticketId, Long messageId, String kind, String channel, String recipient, int attempts,
            String reason, boolean permanent, UUID causationId, Instant failedAt) {
    }
}
