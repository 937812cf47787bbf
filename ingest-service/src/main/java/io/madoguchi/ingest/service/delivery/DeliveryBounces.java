package io.madoguchi.ingest.service.delivery;

import java.time.Instant;

import org.jboss.logging.Logger;

import io.madoguchi.chassis.outbox.Outbox;
import io.madoguchi.ingest.domain.Delivery;
import io.madoguchi.ingest.events.DeliveryEvents;
import io.madoguchi.ingest.repository.DeliveryRepository;
import io.madoguchi.ingest.service.intake.Outcome;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

/**
 * A bounce of an e-mail we delivered, within the transaction that records the bounce: the delivery becomes
 * {@code FAILED} with the report's reason and its failed event goes on {@code deliveries.v1}, as a refused send does.
 * A delivery already failed is left as it is, so a second report of the same failure changes nothing.
 */
@ApplicationScoped
public class DeliveryBounces {

    private static final Logger LOG = Logger.getLogger(DeliveryBounces.class);

    private final DeliveryRepository deliveries;
    private final Outbox outbox;
    private final MeterRegistry registry;

    public DeliveryBounces(DeliveryRepository deliveries, Outbox outbox, MeterRegistry registry) {
        this.deliveries = deliveries;
        this.outbox = outbox;
        this.registry = registry;
    }

    public Uni<Void> fail(Outcome.Bounce bounce) {
        return deliveries.findById(bounce.deliveryId(), LockModeType.PESSIMISTIC_WRITE).chain(delivery -> {
            if (delivery == null || !"email".equals(delivery.channel) || delivery.status == Delivery.Status.FAILED) {
                return Uni.createFrom().voidItem();
            }
            Instant now = Instant.now();
            delivery.status = Delivery.Status.FAILED;
            delivery.lastError = bounce.reason();
            delivery.finishedAt = now;
            registry.counter("madoguchi.deliveries", "channel", delivery.channel, "outcome", "failed").increment();
            LOG.warnf("Delivery %s of ticket %d bounced: %s", delivery.id, delivery.ticketId, bounce.reason());
            String key = Long.toString(delivery.ticketId);
            return outbox.add(outbox.event(DeliveryEvents.TOPIC, key, DeliveryEvents.FAILED, DeliveryEvents.SOURCE, key, now,
                    new DeliveryEvents.Failed(delivery.id, delivery.ticketId, delivery.messageId, delivery.kind.label(), delivery.channel,
                            delivery.recipient, delivery.attempts, bounce.reason(), true, delivery.causationId, now)));
        });
    }
}
