package io.madoguchi.ticket.service;

import java.time.Instant;
import java.util.UUID;

import io.madoguchi.chassis.outbox.OutboxRelay;
import io.madoguchi.ticket.domain.MessageDelivery;
import io.madoguchi.ticket.events.TicketEvents;
import io.madoguchi.ticket.repository.MessageDeliveryRepository;
import io.madoguchi.ticket.repository.TicketMessageRepository;
import io.madoguchi.ticket.repository.TicketRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * An agent's request to try a failed delivery again: the delivery becomes {@code retrying} and the request is
 * announced on tickets.v1, for ingest-service to deliver it once more, in one transaction.
 */
@ApplicationScoped
public class DeliveryRetries {

    private final TicketRepository tickets;
    private final MessageDeliveryRepository deliveries;
    private final TicketMessageRepository messages;
    private final TicketOutbox outbox;
    private final OutboxRelay relay;

    public DeliveryRetries(TicketRepository tickets, MessageDeliveryRepository deliveries, TicketMessageRepository messages,
            TicketOutbox outbox, OutboxRelay relay) {
        this.tickets = tickets;
        this.deliveries = deliveries;
        this.messages = messages;
        this.outbox = outbox;
        this.relay = relay;
    }

    /** @return the delivery, now retrying */
    public Uni<MessageDelivery> retry(long ticketId, UUID deliveryId, String agent) {
        return Panache.withTransaction(() -> tickets.count("id", ticketId).chain(n -> {
            if (n == 0) {
                throw new NotFound("No ticket " + ticketId);
            }
            return deliveries.findForUpdate(deliveryId);
        }).chain(delivery -> belongsTo(delivery, ticketId).map(belongs -> {
            if (!belongs) {
                throw new NotFound("No delivery " + deliveryId + " of ticket " + ticketId);
            }
            return delivery;
        })).chain(delivery -> {
            if (!MessageDelivery.FAILED.equals(delivery.status)) {
                throw new TicketConflict("only a failed delivery can be retried; this one is " + delivery.status);
            }
            Instant now = Instant.now();
            delivery.status = MessageDelivery.RETRYING;
            delivery.retryRequestedAt = now;
            // named by the ticket it was delivered for, which the deliverer knows it by (a merge moved its message since)
            return outbox.publish(delivery.ticketId, TicketEvents.DELIVERY_RETRY_REQUESTED, now,
                    new TicketEvents.DeliveryRetryRequested(delivery.ticketId, deliveryId, delivery.messageId, agent, now))
                    .replaceWith(delivery);
        })).invoke(relay::wakeUp);
    }

    /** A delivery of the ticket, or of a message that a merge moved into it. */
    private Uni<Boolean> belongsTo(MessageDelivery delivery, long ticketId) {
        if (delivery == null) {
            return Uni.createFrom().item(false);
        }
        if (delivery.ticketId == ticketId) {
            return Uni.createFrom().item(true);
        }
        if (delivery.messageId == null) {
            return Uni.createFrom().item(false);
        }
        return messages.count("id = ?1 and ticketId = ?2", delivery.messageId, ticketId).map(n -> n > 0);
    }
}
