package io.madoguchi.ticket.events;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** What ticket-service reads of {@code io.madoguchi.delivery.sent.v1} (schema owned by ingest-service). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DeliverySent(UUID deliveryId, long ticketId, Long messageId, String kind, String channel, int attempts,
        String channelReference, Instant sentAt) {

    public static final String TYPE = "io.madoguchi.delivery.sent.v1";
}
