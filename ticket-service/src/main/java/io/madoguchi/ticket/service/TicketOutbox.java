package io.madoguchi.ticket.service;

import java.time.Instant;

import io.madoguchi.chassis.outbox.Outbox;
import io.madoguchi.chassis.outbox.OutboxEvent;
import io.madoguchi.ticket.events.TicketEvents;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Writes a ticket event into the outbox, inside the caller's transaction; key and subject are the ticket id. */
@ApplicationScoped
public class TicketOutbox {

    private final Outbox outbox;

    public TicketOutbox(Outbox outbox) {
        this.outbox = outbox;
    }

    /** On the public {@code tickets.v1}. */
    public Uni<Void> publish(long ticketId, String type, Instant time, Object data) {
        return publish(TicketEvents.TOPIC, ticketId, type, time, data);
    }

    /** On another topic, e.g. the private {@code survey-requests.v1}. */
    public Uni<Void> publish(String topic, long ticketId, String type, Instant time, Object data) {
        return outbox.add(event(topic, ticketId, type, time, data));
    }

    /** The outbox row of a ticket event on {@code tickets.v1}, for a set-based writer to write with others. */
    public OutboxEvent event(long ticketId, String type, Instant time, Object data) {
        return event(TicketEvents.TOPIC, ticketId, type, time, data);
    }

    private OutboxEvent event(String topic, long ticketId, String type, Instant time, Object data) {
        String id = Long.toString(ticketId);
        return outbox.event(topic, id, type, TicketEvents.SOURCE, id, time, data);
    }
}
