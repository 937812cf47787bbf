package io.madoguchi.ticket.service;

import java.time.Instant;

import io.madoguchi.ticket.domain.Ticket;
import io.madoguchi.ticket.domain.TicketStatus;
import io.madoguchi.ticket.events.TicketEvents;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Moves a ticket to another status, within the caller's transaction, and announces it: a reopen is counted, a
 * close stamped, and solving issues the single-use satisfaction survey ({@link SurveyRequests}), whose token is
 * never on the public status-changed event. Whether the move is allowed is the caller's to check ({@link TicketStatus#canMoveTo}).
 */
@ApplicationScoped
public class TicketLifecycle {

    private final SurveyRequests surveys;
    private final TicketOutbox outbox;

    public TicketLifecycle(SurveyRequests surveys, TicketOutbox outbox) {
        this.surveys = surveys;
        this.outbox = outbox;
    }

    public Uni<Void> transition(Ticket ticket, TicketStatus target, String by, Instant now) {
        TicketStatus before = ticket.lifecycle();
        boolean reopened = before == TicketStatus.SOLVED && target == TicketStatus.OPEN;
        ticket.status = target.value();
        ticket.updatedAt = now;
        if (reopened) {
            ticket.reopens++;
            ticket.solvedAt = null;
        }
        if (target == TicketStatus.CLOSED) {
            ticket.closedAt = now;
        }
        Uni<Void> announced = outbox.publish(ticket.id, TicketEvents.STATUS_CHANGED, now,
                new TicketEvents.StatusChanged(ticket.id, before.value(), target.value(), by, reopened, now));
        if (target != TicketStatus.SOLVED) {
            return announced;
        }
        ticket.solvedAt = now;
        return announced.chain(() -> surveys.issue(ticket, now));
    }
}
