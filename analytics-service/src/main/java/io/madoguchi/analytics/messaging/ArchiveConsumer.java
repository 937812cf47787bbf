package io.madoguchi.analytics.messaging;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.madoguchi.analytics.events.TicketEventTypes;
import io.madoguchi.analytics.service.ArchiveService;
import io.madoguchi.analytics.service.ArchiveService.ArchivedEvent;
import io.madoguchi.analytics.service.ArchiveService.Deflection;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Consumes {@code tickets.v1} and {@code escalations.v1} into the archive (unknown types are archived too), and the
 * chatbot deflections on {@code inquiries.v1}: a poll batch per transaction, poison to {@code <topic>.dlq}.
 */
@ApplicationScoped
public class ArchiveConsumer {

    private final ArchiveService archive;
    private final GroupCommit groupCommit;
    private final ObjectMapper mapper;

    public ArchiveConsumer(ArchiveService archive, GroupCommit groupCommit, ObjectMapper mapper) {
        this.archive = archive;
        this.groupCommit = groupCommit;
        this.mapper = mapper;
    }

    @Incoming("tickets")
    public Uni<Void> consumeTicketEvents(ConsumerRecords<String, byte[]> records) {
        return groupCommit.apply(records, this::archived, archive::record);
    }

    @Incoming("escalations")
    public Uni<Void> consumeEscalationEvents(ConsumerRecords<String, byte[]> records) {
        return groupCommit.apply(records, this::archived, archive::record);
    }

    @Incoming("inquiries")
    public Uni<Void> consumeInquiryEvents(ConsumerRecords<String, byte[]> records) {
        return groupCommit.apply(records, this::deflection, archive::deflected);
    }

    private ArchivedEvent archived(ConsumerRecord<String, byte[]> record) {
        CloudEventRecord event = CloudEventRecord.of(record);
        JsonNode data = event.data(mapper, JsonNode.class);
        long ticketId = data.path("ticketId").asLong(-1);
        if (ticketId <= 0) {
            throw new PoisonMessageException(event.type() + " " + event.id() + " names no ticketId");
        }
        return new ArchivedEvent(event.id(), record.topic(), event.type(), time(record), ticketId, data);
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
            received = OffsetDateTime.parse(data.path("receivedAt").asText());
        } catch (DateTimeParseException e) {
            throw new PoisonMessageException("deflected inquiry " + event.id() + " has no receivedAt time");
        }
        return new Deflection(event.id(), data.path("channel").asText(null), data.path("source").asText(null), received);
    }

    private static OffsetDateTime time(ConsumerRecord<?, ?> record) {
        Header header = record.headers().lastHeader("ce_time");
        try {
            return header == null ? null : OffsetDateTime.parse(new String(header.value(), UTF_8));
        } catch (DateTimeParseException e) {
            throw new PoisonMessageException("ce_time is not an RFC 3339 time");
        }
    }
}
