package io.madoguchi.ingest.rest;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import io.madoguchi.chassis.pages.PageSecurityHeaders;
import io.madoguchi.chassis.rest.RateLimits;
import io.madoguchi.ingest.rest.WebFormPage.Texts;
import io.madoguchi.ingest.service.form.FillTimeTokens;
import io.madoguchi.ingest.service.form.FormAttachmentRules;
import io.madoguchi.ingest.service.form.FormFraming;
import io.madoguchi.ingest.service.form.MultipartForm;
import io.madoguchi.ingest.service.form.WebFormSubmission;
import io.madoguchi.ingest.service.intake.IntakeMetrics;
import io.madoguchi.ingest.service.intake.IntakeService;
import io.madoguchi.ingest.service.intake.Outcome;
import io.madoguchi.ingest.service.intake.RawPayload;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The public contact form: no key, so it is guarded by a size limit, a honeypot field, a time-to-fill check and a rate
 * limit per client address (behind a proxy, set {@code QUARKUS_HTTP_PROXY_PROXY_ADDRESS_FORWARDING=true} so the address
 * is the client's). Made to be embedded: only the sites in {@code madoguchi.form.frame-ancestors} may frame it
 * ({@link FormFraming}).
 */
@Path("/form")
public class WebFormResource {

    private static final String TEXT_HTML = MediaType.TEXT_HTML + ";charset=UTF-8";

    private final WebFormSubmission form;
    private final IntakeService intake;
    private final IntakeMetrics metrics;
    private final FillTimeTokens fillTime;
    private final RateLimits limiter;
    private final String contentSecurityPolicy;
    private final WebFormPage.Attachments attachments;

    public WebFormResource(WebFormSubmission form, IntakeService intake, IntakeMetrics metrics, FillTimeTokens fillTime,
            FormAttachmentRules attachmentRules, FormFraming framing,
            @ConfigProperty(name = "madoguchi.form.rate-limit-per-minute", defaultValue = "5") int perMinute) {
        this.form = form;
        this.intake = intake;
        this.metrics = metrics;
        this.fillTime = fillTime;
        this.limiter = new RateLimits(perMinute);
        this.contentSecurityPolicy = framing.contentSecurityPolicy();
        this.attachments = new WebFormPage.Attachments(attachmentRules.maxCount(), attachmentRules.maxSizeText(), attachmentRules.accept(),
                attachmentRules.names());
    }

    @GET
    @Produces(TEXT_HTML)
    @Operation(summary = "The contact form page (public); ?lang=ja|en, else Accept-Language")
    public Response page(@QueryParam("lang") String lang, @Context HttpHeaders headers) {
        return html(200, formPage(WebFormPage.texts(lang, headers.getAcceptableLanguages()), Map.of(), List.of()));
    }

    @POST
    @Consumes({ MediaType.APPLICATION_FORM_URLENCODED, MediaType.MULTIPART_FORM_DATA })
    @Produces(TEXT_HTML)
    @Operation(summary = "Submit the contact form (public): urlencoded, or multipart/form-data with attachments")
    @APIResponse(responseCode = "200", description = "Committed; a thank-you page in the visitor's language")
    @APIResponse(responseCode = "400", description = "The form again, with what to correct (also when sent too soon after it was served)")
    @APIResponse(responseCode = "429", description = "Too many submissions from this address")
    public Uni<Response> submit(byte[] body, @HeaderParam("Content-Type") String contentType, @Context HttpServerRequest request,
            @Context HttpHeaders headers) {
        Instant now = Instant.now();
        String address = request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress();
        RateLimits.Decision decision = limiter.tryAcquire(address);
        if (!decision.allowed()) {
            metrics.rejected("form", "rate-limited");
            Texts t = WebFormPage.texts(null, headers.getAcceptableLanguages());
            return Uni.createFrom().item(Response.fromResponse(html(429, WebFormPage.message(t, t.tooMany())))
                    .header("Retry-After", decision.retryAfterSeconds()).build());
        }
        String boundary = MultipartForm.boundary(contentType);
        WebFormSubmission.Checked checked;
        try {
            checked = form.check(body, contentType);
        } catch (IllegalArgumentException e) {
            metrics.rejected("form", "invalid");
            Texts t = WebFormPage.texts(null, headers.getAcceptableLanguages());
            return Uni.createFrom().item(html(400, formPage(t, Map.of(), List.of(e.getMessage()))));
        }
        Texts t = WebFormPage.texts(checked.fields().get("lang"), headers.getAcceptableLanguages());
        if (checked.honeypot()) {
            // look like success, so the bot learns nothing; nothing is stored
            metrics.rejected("form", "honeypot");
            return Uni.createFrom().item(html(200, WebFormPage.thanks(t, UUID.randomUUID().toString())));
        }
        FillTimeTokens.Verdict timing = fillTime.check(checked.fields().get(WebFormSubmission.STARTED), now);
        if (timing != FillTimeTokens.Verdict.IN_TIME) {
            metrics.rejected("form", timing == FillTimeTokens.Verdict.TOO_FAST ? "too-fast" : "stale-form");
            String why = timing == FillTimeTokens.Verdict.TOO_FAST ? t.tooFast() : t.stale();
            List<String> errors = checked.filesSent() ? List.of(why, t.attachAgain()) : List.of(why);
            return Uni.createFrom().item(html(400, formPage(t, checked.fields(), errors)));
        }
        if (!checked.problems().isEmpty()) {
            metrics.rejected("form", "invalid");
            List<String> errors = new java.util.ArrayList<>(WebFormPage.errors(t, checked.problems()));
            if (checked.filesSent()) {
                errors.add(t.attachAgain());
            }
            return Uni.createFrom().item(html(400, formPage(t, checked.fields(), errors)));
        }
        // what is stored is what the normalizer finds again: the form's own type, or multipart with its boundary
        String storedType = boundary == null ? WebFormSubmission.CONTENT_TYPE : MultipartForm.CONTENT_TYPE + "; boundary=\"" + boundary + "\"";
        return intake.accept(new RawPayload("web-form", "form", storedType, body, null), new Outcome.Publish(form.normalize(checked)))
                .map(accepted -> html(200, WebFormPage.thanks(t, accepted.inquiry().id.toString())));
    }

    private String formPage(Texts t, Map<String, String> values, List<String> errors) {
        return WebFormPage.form(t, values, errors, fillTime.issue(Instant.now()), attachments);
    }

    /** Every page of the form goes out with the form's own frame ancestors; a served page is never cached (it is signed). */
    private Response html(int status, String page) {
        return Response.status(status).type(TEXT_HTML).header(PageSecurityHeaders.CONTENT_SECURITY_POLICY, contentSecurityPolicy)
                .header("Cache-Control", "no-store").entity(page).build();
    }
}
