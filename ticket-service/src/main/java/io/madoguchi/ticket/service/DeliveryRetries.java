package io.madoguchi.ticket.service;

import java.time.Instant;
import java.util.UUID;

import io.madoguchi.chassis.outbox.OutboxRelay;
import io.madoguchi.ticket.domain.MessageDelivery;
import io.madoguchi.ticket.events.TicketEvents;
import io.madoguchi.ticket.repository.MessageDeliveryRepository;
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
    private final TicketOutbox outbox;
    private final OutboxRelay relay;

    public DeliveryRetries(TicketRepository tickets, MessageDeliveryRepository deliveries, TicketOutbox outbox,
            OutboxRelay relay) {
        this.tickets = tickets;
        this.deliveries = deliveries;
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
        }).chain(delivery -> {
            if (delivery == null || delivery.ticketId != ticketId) {
                throw new NotFound("No delivery " + deliveryId + " of ticket " + ticketId);
            }
            if (!MessageDelivery.FAILED.equals(delivery.status)) {
                throw new TicketConflict("only a failed delivery can be retried; this one is " + delivery.status);
            }
            Instant now = Instant.now();
            delivery.status = MessageDelivery.RETRYING;
            delivery.retryRequestedAt = now;
            return outbox.publish(ticketId, TicketEvents.DELIVERY_RETRY_REQUESTED, now,
                    new TicketEvents.DeliveryRetryRequested(ticketId, deliveryId, delivery.messageId, agent, now))
                    .replaceWith(delivery);
        })).invoke(relay::wakeUp);
    }
}
