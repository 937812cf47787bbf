package io.madoguchi.ticket.service;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.madoguchi.ticket.domain.OutboxEvent;
import io.madoguchi.ticket.events.TicketEvents;
import io.madoguchi.ticket.repository.OutboxRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Writes a ticket event into the outbox, inside the caller's transaction. */
@ApplicationScoped
public class TicketOutbox {

    private final OutboxRepository outbox;
    private final ObjectMapper mapper;

    public TicketOutbox(OutboxRepository outbox, ObjectMapper mapper) {
        this.outbox = outbox;
        this.mapper = mapper;
    }

    public Uni<Void> publish(long ticketId, String type, Instant time, Object data) {
        OutboxEvent event = new OutboxEvent();
        event.eventId = UUID.randomUUID();
        event.topic = TicketEvents.TOPIC;
        event.recordKey = Long.toString(ticketId);
        event.eventType = type;
        event.eventSource = TicketEvents.SOURCE;
        event.eventSubject = Long.toString(ticketId);
        event.eventTime = time;
        try {
            event.payload = mapper.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Could not serialize " + type + " for ticket " + ticketId, e);
        }
        return outbox.persist(event).replaceWithVoid();
    }
}
