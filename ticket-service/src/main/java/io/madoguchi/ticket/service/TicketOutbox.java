package io.madoguchi.ticket.service;

import java.time.Instant;

import io.madoguchi.chassis.outbox.Outbox;
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
        String id = Long.toString(ticketId);
        return outbox.add(outbox.event(topic, id, type, TicketEvents.SOURCE, id, time, data));
    }
}
