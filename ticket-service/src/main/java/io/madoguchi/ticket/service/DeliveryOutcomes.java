package io.madoguchi.ticket.service;

import java.time.Instant;
import java.util.UUID;

import io.madoguchi.chassis.consumer.ProcessedEvents;
import io.madoguchi.ticket.domain.MessageDelivery;
import io.madoguchi.ticket.events.DeliveryFailed;
import io.madoguchi.ticket.events.DeliverySent;
import io.madoguchi.ticket.repository.MessageDeliveryRepository;
import io.madoguchi.ticket.repository.TicketRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Keeps the latest outcome of each delivery ingest-service reports, within the caller's transaction. A redelivered
 * event (same id) changes nothing, an outcome older than the stored one is ignored, and an outcome for an unknown
 * ticket is only recorded as processed.
 */
@ApplicationScoped
public class DeliveryOutcomes {

    private final MessageDeliveryRepository deliveries;
    private final TicketRepository tickets;
    private final ProcessedEvents processed;

    public DeliveryOutcomes(MessageDeliveryRepository deliveries, TicketRepository tickets, ProcessedEvents processed) {
        this.deliveries = deliveries;
        this.tickets = tickets;
        this.processed = processed;
    }

    public Uni<Void> sent(UUID eventId, String topic, DeliverySent sent) {
        Outcome outcome = new Outcome(sent.deliveryId(), sent.ticketId(), sent.messageId(), sent.kind(), sent.channel(),
                MessageDelivery.SENT, sent.channelReference(), null, null, sent.attempts(), sent.sentAt());
        return apply(eventId, topic, outcome);
    }

    public Uni<Void> failed(UUID eventId, String topic, DeliveryFailed failed) {
        Outcome outcome = new Outcome(failed.deliveryId(), failed.ticketId(), failed.messageId(), failed.kind(),
                failed.channel(), MessageDelivery.FAILED, null, failed.reason(), failed.permanent(), failed.attempts(),
                failed.failedAt());
        return apply(eventId, topic, outcome);
    }

    /** Either event, as the row stores it. */
    private record Outcome(UUID deliveryId, long ticketId, Long messageId, String kind, String channel, String status,
            String channelReference, String reason, Boolean permanent, int attempts, Instant at) {
    }

    private Uni<Void> apply(UUID eventId, String topic, Outcome outcome) {
        return processed.markProcessed(eventId, topic)
                .chain(fresh -> fresh ? tickets.count("id", outcome.ticketId()).map(n -> n > 0) : Uni.createFrom().item(false))
                .chain(known -> known ? deliveries.findById(outcome.deliveryId()).chain(stored -> store(stored, outcome))
                        : Uni.createFrom().voidItem());
    }

    private Uni<Void> store(MessageDelivery stored, Outcome outcome) {
        if (stored != null && !stored.isNotNewerThan(outcome.at())) {
            return Uni.createFrom().voidItem();
        }
        MessageDelivery delivery = stored != null ? stored : new MessageDelivery();
        delivery.deliveryId = outcome.deliveryId();
        if (stored == null) {
            delivery.ticketId = outcome.ticketId();
        }
        delivery.messageId = outcome.messageId();
        delivery.kind = outcome.kind();
        delivery.channel = outcome.channel();
        delivery.status = outcome.status();
        delivery.channelReference = outcome.channelReference();
        delivery.reason = outcome.reason();
        delivery.permanent = outcome.permanent();
        delivery.attempts = outcome.attempts();
        delivery.updatedAt = outcome.at();
        delivery.retryRequestedAt = null;
        return stored != null ? Uni.createFrom().voidItem() : deliveries.persist(delivery).replaceWithVoid();
    }
}
