package io.madoguchi.ticket.service;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.madoguchi.ticket.domain.Survey;
import io.madoguchi.ticket.domain.Ticket;
import io.madoguchi.ticket.events.TicketEvents;
import io.madoguchi.ticket.repository.SurveyRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Issues a solved ticket's single-use satisfaction survey and asks the delivering service to send it, within the
 * caller's transaction. The token is a bearer credential, so it goes only on the private {@code survey-requests.v1},
 * inside the links to the public survey page ({@code madoguchi.surveys.public-url}); never on {@code tickets.v1}.
 */
@ApplicationScoped
public class SurveyRequests {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final SurveyRepository surveys;
    private final TicketOutbox outbox;
    private final String publicUrl;
    private final Duration validFor;

    public SurveyRequests(SurveyRepository surveys, TicketOutbox outbox,
            @ConfigProperty(name = "madoguchi.surveys.public-url") String publicUrl,
            @ConfigProperty(name = "madoguchi.surveys.valid-for") Duration validFor) {
        this.surveys = surveys;
        this.outbox = outbox;
        this.publicUrl = publicUrl.replaceAll("/+$", "");
        this.validFor = validFor;
    }

    public Uni<Void> issue(Ticket ticket, Instant now) {
        Survey survey = new Survey();
        survey.token = newToken();
        survey.ticketId = ticket.id;
        survey.issuedAt = now;
        // as the database keeps it, so the event and the survey row name the same instant
        survey.expiresAt = now.plus(validFor).truncatedTo(ChronoUnit.MICROS);
        String page = publicUrl + "/survey/" + survey.token;
        TicketEvents.SurveyRequested request = new TicketEvents.SurveyRequested(ticket.id, ticket.channel, ticket.conversationKey,
                ticket.subject, ticket.queue, new TicketEvents.Requester(ticket.requesterId, ticket.requesterEmail, ticket.requesterName),
                new TicketEvents.SurveyLinks(page, page + "?rating=good", page + "?rating=bad"), survey.expiresAt, now);
        return surveys.persist(survey)
                .chain(() -> outbox.publish(TicketEvents.SURVEY_REQUESTS_TOPIC, ticket.id, TicketEvents.SURVEY_REQUESTED, now, request));
    }

    /** 192 random bits, URL-safe: usable as a path segment as it is. */
    private static String newToken() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
