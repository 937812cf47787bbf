package io.madoguchi.ingest.rest;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.madoguchi.chassis.rest.Problem;
import io.madoguchi.ingest.service.intake.IntakeLimiter;
import io.madoguchi.ingest.service.intake.IntakeMetrics;
import io.madoguchi.ingest.service.intake.IntakeService.RenormalizationFailed;
import io.madoguchi.ingest.service.verify.SignatureRejected;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/** The intake's own refusals as problem bodies, each counted by intake channel and reason; the chassis maps the rest. */
public class IntakeProblemMappers {

    private final IntakeMetrics metrics;

    public IntakeProblemMappers(IntakeMetrics metrics) {
        this.metrics = metrics;
    }

    @ServerExceptionMapper
    public Response overloaded(IntakeLimiter.Overloaded e, UriInfo uri) {
        metrics.rejected(IntakeChannel.of(uri.getPath()), "overloaded");
        return Response.fromResponse(Problem.response(503, "Service Unavailable", e.getMessage())).header("Retry-After", "1").build();
    }

    @ServerExceptionMapper
    public Response signature(SignatureRejected e, UriInfo uri) {
        metrics.rejected(IntakeChannel.of(uri.getPath()), e.reason());
        return Problem.response(401, "Unauthorized", e.getMessage());
    }

    @ServerExceptionMapper
    public Response renormalizationFailed(RenormalizationFailed e) {
        return Problem.response(422, "Re-normalization failed",
                "The stored payload still does not normalize (" + e.getMessage() + "); the inquiry is unchanged");
    }
}
