package io.madoguchi.ingest.service.slack;

import java.io.IOException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.madoguchi.ingest.domain.Inquiry;
import io.madoguchi.ingest.service.intake.Outcome;
import io.madoguchi.ingest.service.intake.PayloadNormalizer;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Normalizes stored Slack events after the answer: a reacted message is fetched through the Web API here, and a
 * requester the cache does not know yet is looked up ({@link SlackPeople}).
 */
@ApplicationScoped
public class SlackNormalizer implements PayloadNormalizer {

    private final SlackEvents events;
    private final SlackWebApi web;
    private final SlackPeople people;
    private final ObjectMapper mapper;

    public SlackNormalizer(SlackEvents events, SlackWebApi web, SlackPeople people, ObjectMapper mapper) {
        this.events = events;
        this.web = web;
        this.people = people;
        this.mapper = mapper;
    }

    @Override
    public String contentType() {
        return SlackEvent.CONTENT_TYPE;
    }

    @Override
    public Uni<Outcome> normalize(Inquiry stored) {
        JsonNode payload;
        SlackEvent event;
        try {
            payload = mapper.readTree(stored.rawPayload);
            event = events.read(payload);
        } catch (IOException | RuntimeException e) {
            return Uni.createFrom().item(new Outcome.Fail("Slack payload unreadable: " + e.getMessage()));
        }
        if (event instanceof SlackEvent.Message message) {
            return people.named(message.inquiry()).map(Outcome.Publish::new);
        }
        if (event instanceof SlackEvent.Edit edit) {
            return people.named(edit.inquiry()).map(Outcome.Publish::new);
        }
        if (!(event instanceof SlackEvent.Reaction reaction)) {
            return Uni.createFrom().item(new Outcome.Fail("Slack payload is no longer an inquiry: " + event));
        }
        JsonNode item = payload.path("event").path("item");
        String channel = item.path("channel").asText();
        String reactedBy = payload.path("event").path("user").asText(null);
        return web.message(channel, item.path("ts").asText())
                .chain(message -> people.named(
                        events.normalize(reaction.team(), channel, message, "reaction", reactedBy == null ? null : reaction.team() + "/" + reactedBy)))
                .<Outcome>map(Outcome.Publish::new)
                .onFailure(SlackWebApi.Unavailable.class).recoverWithItem(e -> new Outcome.Defer(e.getMessage()))
                .onFailure(SlackWebApi.Refused.class).recoverWithItem(e -> new Outcome.Fail(e.getMessage()));
    }
}
