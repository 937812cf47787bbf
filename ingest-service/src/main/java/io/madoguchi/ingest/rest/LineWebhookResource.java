package io.madoguchi.ingest.rest;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.madoguchi.chassis.rest.ProblemException;
import io.madoguchi.ingest.service.intake.IntakeMetrics;
import io.madoguchi.ingest.service.intake.IntakeService;
import io.madoguchi.ingest.service.intake.Outcome;
import io.madoguchi.ingest.service.intake.RawPayload;
import io.madoguchi.ingest.service.line.LineEvents;
import io.madoguchi.ingest.service.verify.LineSignature;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** LINE Messaging API webhook, verified by {@code x-line-signature}; answered once every text message is committed. */
@Path("/webhooks/line")
public class LineWebhookResource {

    private final Optional<String> channelSecret;
    private final LineEvents events;
    private final IntakeService intake;
    private final IntakeMetrics metrics;
    private final ObjectMapper mapper;

    public LineWebhookResource(@ConfigProperty(name = "madoguchi.line.channel-secret") Optional<String> channelSecret,
            LineEvents events, IntakeService intake, IntakeMetrics metrics, ObjectMapper mapper) {
        this.channelSecret = channelSecret.filter(s -> !s.isBlank());
        this.events = events;
        this.intake = intake;
        this.metrics = metrics;
        this.mapper = mapper;
    }

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "LINE Messaging API webhook", description = "Signed by LINE (x-line-signature: base64 HMAC-SHA256 of the body with the channel secret).")
    @APIResponse(responseCode = "200", description = "Every text message committed")
    @APIResponse(responseCode = "401", description = "Missing or wrong signature")
    @APIResponse(responseCode = "404", description = "The LINE adapter is not configured")
    public Uni<Response> receive(byte[] body, @HeaderParam("x-line-signature") String signature) throws IOException {
        String secret = channelSecret
                .orElseThrow(() -> new ProblemException(404, "Not Found", "The LINE adapter is not configured", "unknown-source"));
        new LineSignature(secret).verify(signature, body);
        List<LineEvents.TextMessage> messages;
        try {
            messages = events.read(JsonBodies.object(mapper, body));
        } catch (IllegalArgumentException e) {
            throw new ProblemException(400, "Invalid LINE webhook body", e.getMessage(), "invalid");
        }
        if (messages.isEmpty()) {
            // LINE's "verify" button and non-text events: nothing to take in
            metrics.accepted("line", "ignored");
        }
        return Multi.createFrom().iterable(messages)
                .onItem().transformToUniAndConcatenate(m -> intake.accept(
                        new RawPayload(m.destination(), "line", LineEvents.CONTENT_TYPE, body, m.dedupeKey()),
                        new Outcome.Publish(m.inquiry())))
                .collect().asList()
                .map(accepted -> Response.ok(Map.of("accepted", accepted.size())).build());
    }
}
