package io.madoguchi.analytics.messaging;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.madoguchi.analytics.domain.DeliveryOutcome;
import io.madoguchi.analytics.events.TicketEventTypes;
import io.madoguchi.analytics.service.DeliveryOutcomes;
import io.madoguchi.analytics.service.privacy.FailureReasons;
import io.madoguchi.chassis.cloudevents.CloudEventRecord;
import io.madoguchi.chassis.consumer.BatchConsumer;
import io.madoguchi.chassis.consumer.PoisonMessageException;
import io.madoguchi.chassis.time.Rfc3339;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Consumes ingest-service's delivery outcomes on {@code deliveries.v1} through the chassis' batch consumer: a poll batch
 * per transaction, what cannot be read to {@code deliveries.v1.dlq}. The recipient is read only to be taken out of the
 * failure reason; neither it nor the reason as given goes further than this reader.
 */
@ApplicationScoped
public class DeliveryConsumer {

    private final DeliveryOutcomes outcomes;
    private final BatchConsumer batches;
    private final ObjectMapper mapper;

    public DeliveryConsumer(DeliveryOutcomes outcomes, BatchConsumer batches, ObjectMapper mapper) {
        this.outcomes = outcomes;
        this.batches = batches;
        this.mapper = mapper;
    }

    @Incoming("deliveries")
    public Uni<Void> consumeDeliveryEvents(ConsumerRecords<String, byte[]> records) {
        return batches.apply(records, this::outcome, outcomes::record);
    }

    /** @return the outcome, or null for an event type this consumer does not know */
    private DeliveryOutcome outcome(ConsumerRecord<String, byte[]> record) {
        CloudEventRecord event = CloudEventRecord.of(record);
        boolean sent = TicketEventTypes.DELIVERY_SENT.equals(event.type());
        if (!sent && !TicketEventTypes.DELIVERY_FAILED.equals(event.type())) {
            return null;
        }
        JsonNode data = event.data(mapper, JsonNode.class);
        UUID deliveryId = deliveryId(data.path("deliveryId"));
        long ticketId = data.path("ticketId").asLong(-1);
        String kind = text(data.path("kind"));
        String channel = text(data.path("channel"));
        if (deliveryId == null || ticketId <= 0 || kind == null || channel == null) {
            throw new PoisonMessageException(event.type() + " " + event.id() + " names no deliveryId, ticketId, kind or channel");
        }
        int attempts = data.path("attempts").asInt(0);
        if (sent) {
            return new DeliveryOutcome(event.id(), deliveryId, ticketId, kind, channel, DeliveryOutcome.SENT, null, attempts, null,
                    time(data, "sentAt", event));
        }
        JsonNode permanent = data.path("permanent");
        return new DeliveryOutcome(event.id(), deliveryId, ticketId, kind, channel, DeliveryOutcome.FAILED,
                permanent.isBoolean() ? permanent.asBoolean() : null, attempts,
                FailureReasons.normalise(text(data.path("reason")), text(data.path("recipient"))), time(data, "failedAt", event));
    }

    private static UUID deliveryId(JsonNode value) {
        try {
            return value.isTextual() ? UUID.fromString(value.asText()) : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String text(JsonNode value) {
        return value.isTextual() && !value.asText().isBlank() ? value.asText() : null;
    }

    private static OffsetDateTime time(JsonNode data, String field, CloudEventRecord event) {
        try {
            return Rfc3339.parse(data.path(field).asText());
        } catch (DateTimeParseException e) {
            throw new PoisonMessageException(event.type() + " " + event.id() + " has no " + field + " time");
        }
    }
}
