package io.madoguchi.ingest.rest;

import java.io.IOException;
import java.time.Clock;
import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.madoguchi.chassis.rest.ProblemException;
import io.madoguchi.ingest.service.intake.IntakeMetrics;
import io.madoguchi.ingest.service.intake.IntakeService;
import io.madoguchi.ingest.service.intake.Outcome;
import io.madoguchi.ingest.service.intake.RawPayload;
import io.madoguchi.ingest.service.slack.SlackEvent;
import io.madoguchi.ingest.service.slack.SlackEvents;
import io.madoguchi.ingest.service.slack.SlackPeople;
import io.madoguchi.ingest.service.slack.SlackSettings;
import io.madoguchi.ingest.service.verify.SlackSignature;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Slack Events API request URL. Verified by the v0 signature; answered as soon as the event is committed (Slack
 * wants an answer within 3 s and retries otherwise). Work that needs the Web API happens after the answer.
 */
@Path("/webhooks/slack/events")
public class SlackEventsResource {

    private static final Logger LOG = Logger.getLogger(SlackEventsResource.class);

    private final SlackSettings settings;
    private final SlackEvents events;
    private final SlackPeople people;
    private final IntakeService intake;
    private final IntakeMetrics metrics;
    private final ObjectMapper mapper;
    private final Clock clock;

    public SlackEventsResource(SlackSettings settings, SlackEvents events, SlackPeople people, IntakeService intake,
            IntakeMetrics metrics, ObjectMapper mapper, Clock clock) {
        this.settings = settings;
        this.events = events;
        this.people = people;
        this.intake = intake;
        this.metrics = metrics;
        this.mapper = mapper;
        this.clock = clock;
    }

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Slack Events API", description = "Signed by Slack (X-Slack-Signature v0, X-Slack-Request-Timestamp within 5 minutes).")
    @APIResponse(responseCode = "200", description = "Committed, or not for us")
    @APIResponse(responseCode = "401", description = "Missing or wrong signature, or a stale timestamp")
    @APIResponse(responseCode = "404", description = "The Slack adapter is not configured")
    public Uni<Response> receive(byte[] body, @HeaderParam("X-Slack-Request-Timestamp") String timestamp,
            @HeaderParam("X-Slack-Signature") String signature, @HeaderParam("X-Slack-Retry-Num") String retryNum,
            @HeaderParam("X-Slack-Retry-Reason") String retryReason) throws IOException {
        String secret = settings.signingSecret()
                .orElseThrow(() -> new ProblemException(404, "Not Found", "The Slack adapter is not configured", "unknown-source"));
        new SlackSignature(secret, clock).verify(timestamp, signature, body);
        if (retryNum != null) {
            LOG.infof("Slack retry %s (%s)", retryNum, retryReason);
        }
        JsonNode payload = JsonBodies.object(mapper, body);
        SlackEvent event;
        try {
            event = events.read(payload);
        } catch (IllegalArgumentException e) {
            throw new ProblemException(400, "Invalid Slack event", e.getMessage(), "invalid");
        }
        if (event instanceof SlackEvent.UrlVerification verification) {
            return Uni.createFrom().item(Response.ok(Map.of("challenge", verification.challenge())).build());
        }
        if (event instanceof SlackEvent.Ignored ignored) {
            LOG.debugf("Slack event ignored: %s", ignored.why());
            metrics.accepted("slack", "ignored");
            return Uni.createFrom().item(Response.ok(Map.of("ok", true)).build());
        }
        if (event instanceof SlackEvent.Edit edit) {
            RawPayload raw = new RawPayload(edit.team(), "slack", SlackEvent.CONTENT_TYPE, body, edit.dedupeKey());
            return intake.amend(raw, people.namedFromCache(edit.inquiry()), stored -> events.supersedes(stored.rawPayload, edit.editedTs(), mapper))
                    .map(amendment -> {
                        LOG.debugf("Slack edit of %s: %s", edit.dedupeKey(), amendment);
                        return Response.ok(Map.of("ok", true)).build();
                    });
        }
        RawPayload raw;
        Outcome outcome;
        if (event instanceof SlackEvent.Message message) {
            raw = new RawPayload(message.team(), "slack", SlackEvent.CONTENT_TYPE, body, message.dedupeKey());
            // a requester Slack has not named to us yet is looked up after the answer, which must come within 3 s
            outcome = people.canNameWithoutAsking(message.inquiry()) ? new Outcome.Publish(people.namedFromCache(message.inquiry()))
                    : new Outcome.Defer("requester to look up through users.info");
        } else {
            SlackEvent.Reaction reaction = (SlackEvent.Reaction) event;
            raw = new RawPayload(reaction.team(), "slack", SlackEvent.CONTENT_TYPE, body, reaction.dedupeKey());
            outcome = new Outcome.Defer("reacted message to fetch through the Slack Web API");
        }
        return intake.accept(raw, outcome).map(accepted -> Response.ok(Map.of("ok", true)).build());
    }
}
