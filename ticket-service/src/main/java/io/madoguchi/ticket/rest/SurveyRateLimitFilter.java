package io.madoguchi.ticket.rest;

import java.util.Optional;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.madoguchi.chassis.rest.Problem;
import io.madoguchi.chassis.rest.RateLimits;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;

/**
 * The survey answer is public (its single-use token is the credential): each client address may post
 * {@code madoguchi.surveys.rate-limit-per-minute} answers a minute (up to {@code madoguchi.surveys.rate-limit-burst}
 * at once, by default as many), to the JSON API and the survey page's form together (a token bucket per address, per replica: {@link RateLimits}), so nobody can try tokens in bulk; beyond that, 429
 * with Retry-After, as a problem body for the API and as a page for the form.
 */
@ApplicationScoped
public class SurveyRateLimitFilter {

    private final RateLimits limits;

    public SurveyRateLimitFilter(@ConfigProperty(name = "madoguchi.surveys.rate-limit-per-minute") long perMinute,
            @ConfigProperty(name = "madoguchi.surveys.rate-limit-burst") Optional<Long> burst) {
        this.limits = new RateLimits(perMinute, burst.orElse(perMinute));
    }

    @ServerRequestFilter(preMatching = true)
    public Optional<Response> limit(ContainerRequestContext context, HttpServerRequest request) {
        String path = context.getUriInfo().getPath();
        boolean page = path.startsWith("/survey/") && "POST".equals(context.getMethod());
        if (!page && !path.startsWith("/api/v1/surveys/")) {
            return Optional.empty();
        }
        RateLimits.Decision decision = limits.tryAcquire(request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress());
        if (decision.allowed()) {
            return Optional.empty();
        }
        long seconds = decision.retryAfterSeconds();
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
