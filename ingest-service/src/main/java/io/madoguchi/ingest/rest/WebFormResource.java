package io.madoguchi.ingest.rest;

import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import io.madoguchi.chassis.rest.RateLimits;
import io.madoguchi.ingest.service.form.WebFormSubmission;
import io.madoguchi.ingest.service.intake.IntakeMetrics;
import io.madoguchi.ingest.service.intake.IntakeService;
import io.madoguchi.ingest.service.intake.Outcome;
import io.madoguchi.ingest.service.intake.RawPayload;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The public contact form: no key, so it is guarded by a size limit, a honeypot field and a rate limit per client
 * address (behind a proxy, set {@code QUARKUS_HTTP_PROXY_PROXY_ADDRESS_FORWARDING=true} so the address is the client's).
 */
@Path("/form")
public class WebFormResource {

    private static final String TEXT_HTML = MediaType.TEXT_HTML + ";charset=UTF-8";

    private final WebFormSubmission form;
    private final IntakeService intake;
    private final IntakeMetrics metrics;
    private final RateLimits limiter;

    public WebFormResource(WebFormSubmission form, IntakeService intake, IntakeMetrics metrics,
            @ConfigProperty(name = "madoguchi.form.rate-limit-per-minute", defaultValue = "5") int perMinute) {
        this.form = form;
        this.intake = intake;
        this.metrics = metrics;
        this.limiter = new RateLimits(perMinute);
    }

    @GET
    @Produces(TEXT_HTML)
    @Operation(summary = "The contact form page (public)")
    public String page() {
        return WebFormPage.form(Map.of(), List.of());
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(TEXT_HTML)
    @Operation(summary = "Submit the contact form (public)")
    @APIResponse(responseCode = "200", description = "Committed; a thank-you page")
    @APIResponse(responseCode = "400", description = "The form again, with what to correct")
    @APIResponse(responseCode = "429", description = "Too many submissions from this address")
    public Uni<Response> submit(byte[] body, @Context HttpServerRequest request) {
        String address = request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress();
        RateLimits.Decision decision = limiter.tryAcquire(address);
        if (!decision.allowed()) {
            metrics.rejected("form", "rate-limited");
            return Uni.createFrom().item(Response.fromResponse(html(429, WebFormPage.message(
                    "Too many submissions. Please try again in a minute. / 送信回数が多すぎます。しばらくしてから再度お試しください。")))
                    .header("Retry-After", decision.retryAfterSeconds()).build());
        }
        WebFormSubmission.Checked checked = form.check(body);
        if (checked.honeypot()) {
            // look like success, so the bot learns nothing; nothing is stored
            metrics.rejected("form", "honeypot");
            return Uni.createFrom().item(html(200, WebFormPage.thanks(java.util.UUID.randomUUID().toString())));
        }
        if (!checked.errors().isEmpty()) {
            metrics.rejected("form", "invalid");
            return Uni.createFrom().item(html(400, WebFormPage.form(checked.fields(), checked.errors())));
        }
        return intake.accept(new RawPayload("web-form", "form", WebFormSubmission.CONTENT_TYPE, body, null),
                        new Outcome.Publish(form.normalize(checked.fields())))
                .map(accepted -> html(200, WebFormPage.thanks(accepted.inquiry().id.toString())));
    }

    private static Response html(int status, String page) {
        return Response.status(status).type(TEXT_HTML).entity(page).build();
    }
}
