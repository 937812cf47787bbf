package io.madoguchi.analytics.messaging;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.madoguchi.analytics.domain.ArchivedEvent;
import io.madoguchi.analytics.domain.Deflection;
import io.madoguchi.analytics.events.TicketEventTypes;
import io.madoguchi.analytics.service.ArchiveService;
import io.madoguchi.chassis.cloudevents.CloudEventRecord;
import io.madoguchi.chassis.consumer.BatchConsumer;
import io.madoguchi.chassis.consumer.PoisonMessageException;
import io.madoguchi.chassis.time.Rfc3339;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Consumes {@code tickets.v1} and {@code escalations.v1} into the archive (unknown types are archived too, sla-due and
 * routed are not: see {@link TicketEventTypes#restated}), and the
 * chatbot deflections on {@code inquiries.v1}, through the chassis' batch consumer: a poll batch per transaction,
 * what cannot be read to {@code <topic>.dlq}.
 */
@ApplicationScoped
public class ArchiveConsumer {

    private final ArchiveService archive;
    private final BatchConsumer batches;
    private final ObjectMapper mapper;

    public ArchiveConsumer(ArchiveService archive, BatchConsumer batches, ObjectMapper mapper) {
        this.archive = archive;
        this.batches = batches;
        this.mapper = mapper;
    }

    @Incoming("tickets")
    public Uni<Void> consumeTicketEvents(ConsumerRecords<String, byte[]> records) {
        return batches.apply(records, this::archived, archive::record);
    }

    @Incoming("escalations")
    public Uni<Void> consumeEscalationEvents(ConsumerRecords<String, byte[]> records) {
        return batches.apply(records, this::archived, archive::record);
    }

    @Incoming("inquiries")
    public Uni<Void> consumeInquiryEvents(ConsumerRecords<String, byte[]> records) {
        return batches.apply(records, this::deflection, archive::deflected);
    }

    /** @return the event to archive, or null for one that is not archived */
    private ArchivedEvent archived(ConsumerRecord<String, byte[]> record) {
        CloudEventRecord event = CloudEventRecord.of(record);
        if (TicketEventTypes.restated(event.type())) {
            return null;
        }
        JsonNode data = event.data(mapper, JsonNode.class);
        long ticketId = data.path("ticketId").asLong(-1);
        if (ticketId <= 0) {
            throw new PoisonMessageException(event.type() + " " + event.id() + " names no ticketId");
        }
        return new ArchivedEvent(event.id(), record.topic(), event.type(), event.time(), ticketId, data);
    }

    /** @return the deflection, or null for any other inquiry event */
    private Deflection deflection(ConsumerRecord<String, byte[]> record) {
        CloudEventRecord event = CloudEventRecord.of(record);
        if (!TicketEventTypes.INQUIRY_DEFLECTED.equals(event.type())) {
            return null;
        }
        JsonNode data = event.data(mapper, JsonNode.class);
        OffsetDateTime received;
        try {
            received = Rfc3339.parse(data.path("receivedAt").asText());
        } catch (DateTimeParseException e) {
            throw new PoisonMessageException("deflected inquiry " + event.id() + " has no receivedAt time");
        }
        return new Deflection(event.id(), data.path("channel").asText(null), data.path("source").asText(null), received);
    }
}
