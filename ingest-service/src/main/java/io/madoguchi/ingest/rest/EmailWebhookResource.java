package io.madoguchi.ingest.rest;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import io.madoguchi.chassis.rest.ProblemException;
import io.madoguchi.ingest.service.email.EmailInquiries;
import io.madoguchi.ingest.service.email.InvalidMailException;
import io.madoguchi.ingest.service.intake.IntakeService;
import io.madoguchi.ingest.service.intake.Outcome;
import io.madoguchi.ingest.service.intake.RawPayload;
import io.madoguchi.ingest.service.verify.MadoguchiSignature;
import io.madoguchi.ingest.service.verify.SourceSecrets;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Raw RFC 5322 mail posted by a mail gateway (an MTA pipe or an inbound-mail webhook), one path per configured
 * source, signed with that source's secret.
 */
@Path("/webhooks/email/{source}")
public class EmailWebhookResource {

    private final SourceSecrets secrets;
    private final EmailInquiries email;
    private final IntakeService intake;
    private final MadoguchiSignature signature;

    public EmailWebhookResource(@ConfigProperty(name = "madoguchi.email.webhook-secrets") Optional<List<String>> secrets,
            EmailInquiries email, IntakeService intake, Clock clock) {
        this.secrets = new SourceSecrets(secrets);
        this.email = email;
        this.intake = intake;
        this.signature = new MadoguchiSignature(clock);
    }

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Raw mail (message/rfc822)", description = "Signed with X-Madoguchi-Signature: t=<unix>,v1=<hex HMAC-SHA256 of \"t.body\">.")
    @APIResponse(responseCode = "202", description = "Committed (an auto-reply or bounce is recorded, not a ticket)")
    @APIResponse(responseCode = "400", description = "Not a readable mail: invalid MIME or an unknown charset")
    @APIResponse(responseCode = "401", description = "Missing or wrong signature, or a stale timestamp")
    @APIResponse(responseCode = "404", description = "Unknown source")
    public Uni<Response> receive(@PathParam("source") String source, byte[] body,
            @HeaderParam(MadoguchiSignature.HEADER) String signed) {
        String secret = secrets.of(source)
                .orElseThrow(() -> new ProblemException(404, "Not Found", "Unknown mail source", "unknown-source"));
        signature.verify(signed, body, secret);
        // Jakarta Mail blocks (it looks up a service for every MIME part): a mail of thousands of parts would hold the
        // event loop, and every request on it, for seconds. It is parsed on a worker; intake goes on on the event loop.
        return VertxContextSupport.executeBlocking(() -> read(source, body))
                .chain(mail -> intake.accept(mail.raw(), mail.outcome()))
                .map(accepted -> Response.accepted(new InquiryAccepted(accepted.inquiry().id, accepted.inquiry().conversationKey,
                        accepted.inquiry().status.name())).build());
    }

    private EmailInquiries.Mail read(String source, byte[] body) {
        try {
            return email.read(source, body);
        } catch (InvalidMailException e) {
            throw new ProblemException(400, "Invalid mail", e.getMessage(), "invalid-mime");
        } catch (RuntimeException e) {
            // a parser bug on a signed mail: keep it for replay after the fix
            return new EmailInquiries.Mail(new RawPayload(source, "email", EmailInquiries.CONTENT_TYPE, body, EmailInquiries.contentKey(body)),
                    new Outcome.Fail(e.toString()));
        }
    }
}
