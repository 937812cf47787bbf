package io.madoguchi.ingest.rest;

import java.util.Optional;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.madoguchi.chassis.rest.Problem;
import io.madoguchi.ingest.service.intake.IntakeMetrics;
import io.madoguchi.chassis.rest.RateLimits;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;

/**
 * Limits each sender of each public webhook source ({@code /webhooks/chat/web} from one address) to
 * {@code madoguchi.webhooks.rate-limit-per-minute} requests, before the signature is even checked, so a flood of
 * forged deliveries costs little and cannot crowd out the real sender: 429 with Retry-After.
 */
@ApplicationScoped
public class WebhookRateLimitFilter {

    private final RateLimits limits;
    private final IntakeMetrics metrics;

    public WebhookRateLimitFilter(@ConfigProperty(name = "madoguchi.webhooks.rate-limit-per-minute") long perMinute, IntakeMetrics metrics) {
        this.limits = new RateLimits(perMinute);
        this.metrics = metrics;
    }

    @ServerRequestFilter(preMatching = true)
    public Optional<Response> limit(ContainerRequestContext context, HttpServerRequest request) {
        String path = context.getUriInfo().getPath();
        if (!path.startsWith("/webhooks/")) {
            return Optional.empty();
        }
        String address = request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress();
        RateLimits.Decision decision = limits.tryAcquire(source(path) + "|" + address);
        if (decision.allowed()) {
            return Optional.empty();
        }
        metrics.rejected(IntakeChannel.of(path), "rate-limited");
        return Optional.of(Response.fromResponse(Problem.response(429, "Too Many Requests",
                        "Too many requests from this sender; retry after " + decision.retryAfterSeconds() + " s"))
                .header("Retry-After", decision.retryAfterSeconds()).build());
    }

    /** {@code chat/web}, {@code email/mx}, {@code slack}, {@code line}: the channel and, where there is one, the source. */
    static String source(String path) {
        String[] parts = path.substring("/webhooks/".length()).split("/");
        return parts.length >= 2 && ("chat".equals(parts[0]) || "email".equals(parts[0])) ? parts[0] + "/" + parts[1] : parts[0];
    }
}
