package io.madoguchi.ticket.service;

import java.time.Instant;

import io.madoguchi.chassis.outbox.OutboxRelay;
import io.madoguchi.ticket.domain.Ticket;
import io.madoguchi.ticket.domain.TicketStatus;
import io.madoguchi.ticket.events.TicketEvents;
import io.madoguchi.ticket.repository.TicketMessageRepository;
import io.madoguchi.ticket.repository.TicketRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Merges a ticket into another: its messages move, it closes, and it redirects to the target. */
@ApplicationScoped
public class TicketMerges {

    private final TicketRepository tickets;
    private final TicketMessageRepository messages;
    private final TicketOutbox outbox;
    private final OutboxRelay relay;

    public TicketMerges(TicketRepository tickets, TicketMessageRepository messages, TicketOutbox outbox, OutboxRelay relay) {
        this.tickets = tickets;
        this.messages = messages;
        this.outbox = outbox;
        this.relay = relay;
    }

    /** @return the ticket merged into */
    public Uni<Ticket> merge(long ticketId, long intoId, String admin) {
        if (ticketId == intoId) {
            throw new TicketConflict("a ticket cannot be merged into itself");
        }
        return Panache.withTransaction(() -> tickets.findById(ticketId).chain(source -> tickets.findById(intoId).chain(target -> {
            if (source == null || target == null) {
                throw new NotFound("No ticket " + (source == null ? ticketId : intoId));
            }
            if (source.mergedInto != null || target.mergedInto != null || target.lifecycle() == TicketStatus.CLOSED) {
                throw new TicketConflict("merged tickets and closed targets cannot take part in a merge");
            }
            Instant now = Instant.now();
            String before = source.status;
            source.mergedInto = target.id;
            source.status = TicketStatus.CLOSED.value();
            source.closedAt = now;
            source.updatedAt = now;
            target.updatedAt = now;
            return messages.moveToTicket(source.id, target.id)
                    .chain(() -> outbox.publish(source.id, TicketEvents.STATUS_CHANGED, now,
                            new TicketEvents.StatusChanged(source.id, before, source.status, admin, false, now)))
                    .chain(() -> outbox.publish(source.id, TicketEvents.MERGED, now,
                            new TicketEvents.Merged(source.id, target.id, admin, now)))
                    .replaceWith(target);
        }))).invoke(relay::wakeUp);
    }
}
