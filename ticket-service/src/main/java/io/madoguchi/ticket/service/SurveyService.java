package io.madoguchi.ticket.service;

import java.time.Instant;

import io.madoguchi.chassis.outbox.OutboxRelay;
import io.madoguchi.ticket.domain.Survey;
import io.madoguchi.ticket.events.TicketEvents;
import io.madoguchi.ticket.repository.SurveyRepository;
import io.madoguchi.ticket.repository.TicketRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * CSAT: each survey token is answered once, before it expires; the rating becomes a ticket event. An answer locks the
 * survey's row, so of answers sent at the same moment the first takes it and the others find it answered (409).
 * Looking a survey up (the survey page) never records anything.
 */
@ApplicationScoped
public class SurveyService {

    /** Tokens are 32 characters; a longer one is unknown without asking the database. */
    private static final int MAX_TOKEN_LENGTH = 64;

    /** A survey as the survey page shows it: the ticket's subject, and whether it is answered or expired. */
    public record SurveyPage(long ticketId, String subject, boolean answered, boolean expired, String rating) {
    }

    private final SurveyRepository surveys;
    private final TicketRepository tickets;
    private final TicketOutbox outbox;
    private final OutboxRelay relay;

    public SurveyService(SurveyRepository surveys, TicketRepository tickets, TicketOutbox outbox, OutboxRelay relay) {
        this.surveys = surveys;
        this.tickets = tickets;
        this.outbox = outbox;
        this.relay = relay;
    }

    /** Reads the survey of a token, changing nothing; {@link NotFound} for an unknown token. */
    public Uni<SurveyPage> find(String token) {
        if (token.length() > MAX_TOKEN_LENGTH) {
            return Uni.createFrom().failure(new NotFound("No survey with this token"));
        }
        Instant now = Instant.now();
        return Panache.withSession(() -> surveys.findById(token).chain(survey -> {
            if (survey == null) {
                throw new NotFound("No survey with this token");
            }
            return tickets.findById(survey.ticketId).map(ticket -> new SurveyPage(survey.ticketId, ticket == null ? null : ticket.subject,
                    survey.answeredAt != null, survey.expiredAt(now), survey.rating));
        }));
    }

    /**
     * @param rating "good" or "bad"; may be null when a 1–5 score is given (4–5 count as good)
     * @throws NotFound for an unknown token, {@link TicketConflict} when already answered, {@link SurveyExpired} after
     *         its expiry
     */
    public Uni<Survey> answer(String token, String rating, Integer score, String comment) {
        if (token.length() > MAX_TOKEN_LENGTH) {
            return Uni.createFrom().failure(new NotFound("No survey with this token"));
        }
        String verdict = rating != null ? rating : score >= 4 ? "good" : "bad";
        return Panache.withTransaction(() -> surveys.findForUpdate(token).chain(survey -> {
            if (survey == null) {
                throw new NotFound("No survey with this token");
            }
            if (survey.answeredAt != null) {
                throw new TicketConflict("This survey has already been answered");
            }
            Instant now = Instant.now();
            if (survey.expiredAt(now)) {
                throw new SurveyExpired("This survey expired at " + survey.expiresAt);
            }
            survey.answeredAt = now;
            survey.rating = verdict;
            survey.score = score;
            survey.comment = comment;
            return outbox.publish(survey.ticketId, TicketEvents.SATISFACTION_RATED, now,
                    new TicketEvents.SatisfactionRated(survey.ticketId, verdict, score, comment, now)).replaceWith(survey);
        })).invoke(relay::wakeUp);
    }
}
