package io.madoguchi.ticket.messaging;

import java.util.UUID;
import java.util.function.Supplier;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.madoguchi.chassis.cloudevents.CloudEventRecord;
import io.madoguchi.chassis.consumer.BatchConsumer;
import io.madoguchi.chassis.consumer.InOneTransaction;
import io.madoguchi.chassis.consumer.PoisonMessageException;
import io.madoguchi.ticket.events.DeliveryFailed;
import io.madoguchi.ticket.events.DeliverySent;
import io.madoguchi.ticket.service.DeliveryOutcomes;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Consumes {@code deliveries.v1} (whether a reply, acknowledgement or survey reached the customer) a poll batch at a
 * time through the chassis' batch consumer: what cannot be read goes to {@code deliveries.v1.dlq}; the other outcomes
 * are applied in order in one transaction.
 */
@ApplicationScoped
public class DeliveryConsumer {

    private static final Logger LOG = Logger.getLogger(DeliveryConsumer.class);

    private final DeliveryOutcomes outcomes;
    private final BatchConsumer batches;
    private final ObjectMapper mapper;

    /** An outcome read from its record; its effect runs within the caller's transaction. */
    private record DeliveryEvent(Supplier<Uni<Void>> effect) {
    }

    public DeliveryConsumer(DeliveryOutcomes outcomes, BatchConsumer batches, ObjectMapper mapper) {
        this.outcomes = outcomes;
        this.batches = batches;
        this.mapper = mapper;
    }

    @Incoming("deliveries")
    public Uni<Void> consume(ConsumerRecords<String, byte[]> records) {
        return batches.apply(records, this::read, events -> InOneTransaction.each(events, event -> event.effect().get()));
    }

    /** @return the event, or null for a type this consumer does not handle */
    private DeliveryEvent read(ConsumerRecord<String, byte[]> record) {
        CloudEventRecord event = CloudEventRecord.of(record);
        UUID id = event.id();
        String topic = record.topic();
        return switch (event.type()) {
            case DeliverySent.TYPE -> {
                DeliverySent sent = event.data(mapper, DeliverySent.class);
                requireIds(id, sent.ticketId(), sent.deliveryId());
                if (sent.sentAt() == null) {
                    throw new PoisonMessageException("delivery event " + id + " has no sentAt");
                }
                yield new DeliveryEvent(() -> outcomes.sent(id, topic, sent));
            }
            case DeliveryFailed.TYPE -> {
                DeliveryFailed failed = event.data(mapper, DeliveryFailed.class);
                requireIds(id, failed.ticketId(), failed.deliveryId());
                if (failed.failedAt() == null) {
                    throw new PoisonMessageException("delivery event " + id + " has no failedAt");
                }
                yield new DeliveryEvent(() -> outcomes.failed(id, topic, failed));
            }
            default -> {
                LOG.debugf("Ignoring event type %s on %s", event.type(), topic);
                yield null;
            }
        };
    }

    private static void requireIds(UUID eventId, long ticketId, UUID deliveryId) {
        if (ticketId <= 0 || deliveryId == null) {
            throw new PoisonMessageException("delivery event " + eventId + " names no ticket or delivery");
        }
    }
}
