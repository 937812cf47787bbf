package io.madoguchi.ingest.rest;

import io.madoguchi.ingest.service.intake.IntakeMetrics;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Counts bodies over {@code quarkus.http.limits.max-body-size}: the HTTP layer answers those 413 before any
 * resource or exception mapper runs, so only a route ahead of all others sees them.
 */
@ApplicationScoped
public class OversizedBodyCounter {

    private final IntakeMetrics metrics;

    public OversizedBodyCounter(IntakeMetrics metrics) {
        this.metrics = metrics;
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(context -> {
            context.addHeadersEndHandler(ignored -> {
                if (context.response().getStatusCode() == 413) {
                    metrics.rejected(IntakeChannel.of(context.normalizedPath()), IntakeChannel.reasonFor(413));
                }
            });
            context.next();
        });
    }
}
