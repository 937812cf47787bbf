package io.madoguchi.ticket.service;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;

import io.madoguchi.ticket.domain.Survey;
import io.madoguchi.ticket.domain.Ticket;
import io.madoguchi.ticket.domain.TicketStatus;
import io.madoguchi.ticket.events.TicketEvents;
import io.madoguchi.ticket.repository.SurveyRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Moves a ticket to another status, within the caller's transaction, and announces it: a reopen is counted, a
 * close stamped, and solving issues the single-use satisfaction survey whose token the event carries.
 * Whether the move is allowed is the caller's to check ({@link TicketStatus#canMoveTo}).
 */
@ApplicationScoped
public class TicketLifecycle {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final SurveyRepository surveys;
    private final TicketOutbox outbox;

    public TicketLifecycle(SurveyRepository surveys, TicketOutbox outbox) {
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
        if (target != TicketStatus.SOLVED) {
            return outbox.publish(ticket.id, TicketEvents.STATUS_CHANGED, now,
                    new TicketEvents.StatusChanged(ticket.id, before.value(), target.value(), by, reopened, null, now));
        }
        ticket.solvedAt = now;
        Survey survey = new Survey();
        survey.token = newToken();
        survey.ticketId = ticket.id;
        survey.issuedAt = now;
        return surveys.persist(survey).chain(() -> outbox.publish(ticket.id, TicketEvents.STATUS_CHANGED, now,
                new TicketEvents.StatusChanged(ticket.id, before.value(), target.value(), by, false, survey.token, now)));
    }

    private static String newToken() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
