package io.madoguchi.ticket.events;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** What ticket-service reads of {@code io.madoguchi.delivery.failed.v1} (schema owned by ingest-service). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DeliveryFailed(UUID deliveryId, long ticketId, Long messageId, String kind, String channel, int attempts,
        String reason, Boolean permanent, Instant failedAt) {

    public static final String TYPE = "io.madoguchi.delivery.failed.v1";
}
