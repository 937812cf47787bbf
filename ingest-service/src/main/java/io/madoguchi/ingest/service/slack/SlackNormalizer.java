package io.madoguchi.ingest.service.slack;

import java.io.IOException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.madoguchi.ingest.domain.Inquiry;
import io.madoguchi.ingest.service.intake.Outcome;
import io.madoguchi.ingest.service.intake.PayloadNormalizer;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Normalizes stored Slack events: a reacted message is fetched through the Web API here, after the answer. */
@ApplicationScoped
public class SlackNormalizer implements PayloadNormalizer {

    private final SlackEvents events;
    private final SlackWebApi web;
    private final ObjectMapper mapper;

    public SlackNormalizer(SlackEvents events, SlackWebApi web, ObjectMapper mapper) {
        this.events = events;
        this.web = web;
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
            return Uni.createFrom().item(new Outcome.Publish(message.inquiry()));
        }
        if (event instanceof SlackEvent.Edit edit) {
            return Uni.createFrom().item(new Outcome.Publish(edit.inquiry()));
        }
        if (!(event instanceof SlackEvent.Reaction reaction)) {
            return Uni.createFrom().item(new Outcome.Fail("Slack payload is no longer an inquiry: " + event));
        }
        JsonNode item = payload.path("event").path("item");
        String channel = item.path("channel").asText();
        String reactedBy = payload.path("event").path("user").asText(null);
        return web.message(channel, item.path("ts").asText())
                .<Outcome>map(message -> new Outcome.Publish(
                        events.normalize(reaction.team(), channel, message, "reaction", reactedBy == null ? null : reaction.team() + "/" + reactedBy)))
                .onFailure(SlackWebApi.Unavailable.class).recoverWithItem(e -> new Outcome.Defer(e.getMessage()))
                .onFailure(SlackWebApi.Refused.class).recoverWithItem(e -> new Outcome.Fail(e.getMessage()));
    }
}
