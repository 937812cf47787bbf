package io.madoguchi.ticket.rest;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.madoguchi.chassis.rest.Problem;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;

/**
 * The survey answer is public (its single-use token is the credential): each client address may post
 * {@code madoguchi.surveys.rate-limit-per-minute} answers a minute, to the JSON API and the survey page's form
 * together (a Bucket4j token bucket per address, per replica), so nobody can try tokens in bulk; beyond that, 429
 * with Retry-After, as a problem body for the API and as a page for the form.
 */
@ApplicationScoped
public class SurveyRateLimitFilter {

    private static final int MAX_ADDRESSES = 100_000;

    private final long perMinute;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    public SurveyRateLimitFilter(@ConfigProperty(name = "madoguchi.surveys.rate-limit-per-minute") long perMinute) {
        this.perMinute = perMinute;
    }

    @ServerRequestFilter(preMatching = true)
    public Optional<Response> limit(ContainerRequestContext context, HttpServerRequest request) {
        String path = context.getUriInfo().getPath();
        boolean page = path.startsWith("/survey/") && "POST".equals(context.getMethod());
        if (!page && !path.startsWith("/api/v1/surveys/")) {
            return Optional.empty();
        }
        if (buckets.size() > MAX_ADDRESSES) {
            buckets.entrySet().removeIf(e -> e.getValue().getAvailableTokens() >= perMinute);
        }
        String address = request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress();
        ConsumptionProbe probe = buckets.computeIfAbsent(address, a -> Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(perMinute).refillGreedy(perMinute, Duration.ofMinutes(1)).build()).build())
                .tryConsumeAndReturnRemaining(1);
        if (probe.isConsumed()) {
            return Optional.empty();
        }
        long seconds = Math.max(1, (probe.getNanosToWaitForRefill() + 999_999_999) / 1_000_000_000);
        if (page) {
            SurveyPages.Texts t = SurveyPages.texts(context.getUriInfo().getQueryParameters().getFirst("lang"),
                    context.getAcceptableLanguages());
            return Optional.of(Response.fromResponse(SurveyPages.message(429, t, t.tooMany(), t.tooManyDetail()))
                    .header("Retry-After", seconds).build());
        }
        return Optional.of(Response.fromResponse(Problem.response(429, "Too Many Requests",
                "Too many survey answers from this address; retry after " + seconds + " s")).header("Retry-After", seconds).build());
    }
}
