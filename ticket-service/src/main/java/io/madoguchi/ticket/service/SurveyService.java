package io.madoguchi.ticket.service;

import java.time.Instant;

import io.madoguchi.chassis.outbox.OutboxRelay;
import io.madoguchi.ticket.domain.Survey;
import io.madoguchi.ticket.events.TicketEvents;
import io.madoguchi.ticket.repository.SurveyRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** CSAT: each survey token is answered once; the rating becomes a ticket event. */
@ApplicationScoped
public class SurveyService {

    private final SurveyRepository surveys;
    private final TicketOutbox outbox;
    private final OutboxRelay relay;

    public SurveyService(SurveyRepository surveys, TicketOutbox outbox, OutboxRelay relay) {
        this.surveys = surveys;
        this.outbox = outbox;
        this.relay = relay;
    }

    /**
     * @param rating "good" or "bad"; may be null when a 1–5 score is given (4–5 count as good)
     */
    public Uni<Survey> answer(String token, String rating, Integer score, String comment) {
        String verdict = rating != null ? rating : score >= 4 ? "good" : "bad";
        return Panache.withTransaction(() -> surveys.findById(token).chain(survey -> {
            if (survey == null) {
                throw new NotFound("No survey with this token");
            }
            if (survey.answeredAt != null) {
                throw new TicketConflict("This survey has already been answered");
            }
            Instant now = Instant.now();
            survey.answeredAt = now;
            survey.rating = verdict;
            survey.score = score;
            survey.comment = comment;
            return outbox.publish(survey.ticketId, TicketEvents.SATISFACTION_RATED, now,
                    new TicketEvents.SatisfactionRated(survey.ticketId, verdict, score, comment, now)).replaceWith(survey);
        })).invoke(relay::wakeUp);
    }
}
