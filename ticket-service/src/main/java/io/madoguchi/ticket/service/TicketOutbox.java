package io.madoguchi.ticket.service;

import java.time.Instant;

import io.madoguchi.chassis.outbox.Outbox;
import io.madoguchi.ticket.events.TicketEvents;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Writes a ticket event into the outbox, inside the caller's transaction. */
@ApplicationScoped
public class TicketOutbox {

    private final Outbox outbox;

    public TicketOutbox(Outbox outbox) {
        this.outbox = outbox;
    }

    public Uni<Void> publish(long ticketId, String type, Instant time, Object data) {
        String id = Long.toString(ticketId);
        return outbox.add(outbox.event(TicketEvents.TOPIC, id, type, TicketEvents.SOURCE, id, time, data));
    }
}
