package io.madoguchi.analytics.domain;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * What a {@code deliveries.v1} event says of a delivery: sent or failed, at {@code at}. Without the recipient, and with
 * the reason already normalised ({@code FailureReasons}): nothing personal is kept.
 *
 * @param eventId   the event's {@code ce_id}
 * @param permanent for a failure, whether the channel refused it for good (null when sent, or when the event does not say)
 * @param reason    for a failure, the normalised reason (null when sent)
 */
public record DeliveryOutcome(UUID eventId, UUID deliveryId, long ticketId, String kind, String channel, String status, Boolean permanent,
        int attempts, String reason, OffsetDateTime at) {

    public static final String SENT = "sent";
    public static final String FAILED = "failed";
}
