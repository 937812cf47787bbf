package io.madoguchi.ticket.domain;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * The latest outcome of one delivery to the customer (a public reply, an acknowledgement, a survey), as ingest-service
 * reported it on {@code deliveries.v1}. {@code updatedAt} is the outcome's own time, so an older outcome read late
 * does not overwrite a newer one.
 */
@Entity
@Table(name = "message_delivery")
public class MessageDelivery {

    public static final String SENT = "sent";
    public static final String FAILED = "failed";
    public static final String RETRYING = "retrying";

    @Id
    @Column(name = "delivery_id")
    public UUID deliveryId;

    @Column(name = "ticket_id")
    public Long ticketId;

    /** The ticket message delivered; null for an acknowledgement or a survey. */
    @Column(name = "message_id")
    public Long messageId;

    public String kind;

    public String channel;

    public String status;

    @Column(name = "channel_reference")
    public String channelReference;

    public String reason;

    public Boolean permanent;

    public int attempts;

    @Column(name = "updated_at")
    public Instant updatedAt;

    @Column(name = "retry_requested_at")
    public Instant retryRequestedAt;

    /** Whether an outcome of this time may replace the stored one: not when it is older. */
    public boolean isNotNewerThan(Instant outcomeAt) {
        return !updatedAt.isAfter(outcomeAt);
    }
}
