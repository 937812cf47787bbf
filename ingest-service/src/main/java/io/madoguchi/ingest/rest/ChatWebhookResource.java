package io.madoguchi.ingest.rest;

import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.madoguchi.chassis.rest.ProblemException;
import io.madoguchi.ingest.service.chat.ChatTranscripts;
import io.madoguchi.ingest.service.intake.IntakeService;
import io.madoguchi.ingest.service.intake.RawPayload;
import io.madoguchi.ingest.service.verify.MadoguchiSignature;
import io.madoguchi.ingest.service.verify.SourceSecrets;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Chat widget and chatbot webhook, one path per configured source, signed with that source's secret. */
@Path("/webhooks/chat/{source}")
public class ChatWebhookResource {

    private final SourceSecrets secrets;
    private final ChatTranscripts transcripts;
    private final IntakeService intake;
    private final ObjectMapper mapper;
    private final MadoguchiSignature signature;

    public ChatWebhookResource(@ConfigProperty(name = "madoguchi.chat.secrets") Optional<List<String>> secrets,
            ChatTranscripts transcripts, IntakeService intake, ObjectMapper mapper, Clock clock) {
        this.secrets = new SourceSecrets(secrets);
        this.transcripts = transcripts;
        this.intake = intake;
        this.mapper = mapper;
        this.signature = new MadoguchiSignature(clock);
    }

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Chat widget / chatbot transcript", description = "Signed with X-Madoguchi-Signature: t=<unix>,v1=<hex HMAC-SHA256 of \"t.body\">.")
    @APIResponse(responseCode = "202", description = "Committed: a hand-over becomes an inquiry, a deflection is recorded")
    @APIResponse(responseCode = "400", description = "Malformed or invalid transcript")
    @APIResponse(responseCode = "401", description = "Missing or wrong signature, or a stale timestamp")
    @APIResponse(responseCode = "404", description = "Unknown source")
    public Uni<Response> receive(@PathParam("source") String source, byte[] body,
            @HeaderParam(MadoguchiSignature.HEADER) String signed) throws IOException {
        String secret = secrets.of(source)
                .orElseThrow(() -> new ProblemException(404, "Not Found", "Unknown chat source", "unknown-source"));
        signature.verify(signed, body, secret);
        ChatTranscripts.Transcript transcript;
        try {
            transcript = transcripts.read(source, JsonBodies.object(mapper, body));
        } catch (IllegalArgumentException e) {
            throw new ProblemException(400, "Invalid transcript", e.getMessage(), "invalid");
        }
        return intake.accept(new RawPayload(source, "chat", ChatTranscripts.CONTENT_TYPE, body, transcript.dedupeKey()), transcript.outcome())
                .map(accepted -> Response.accepted(new InquiryAccepted(accepted.inquiry().id, accepted.inquiry().conversationKey,
                        accepted.inquiry().status.name())).build());
    }
}
