package io.madoguchi.ingest.rest;

import java.util.Comparator;
import java.util.List;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import io.madoguchi.ingest.service.intake.IntakeLimiter;
import io.madoguchi.ingest.service.intake.IntakeMetrics;
import io.madoguchi.ingest.service.intake.IntakeService.RenormalizationFailed;
import io.madoguchi.ingest.service.verify.SignatureRejected;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/**
 * Turns every failure into a problem body (a client never sees a stack trace or an internal name) and
 * counts each refused request by intake channel and reason.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    private final IntakeMetrics metrics;

    public ProblemMappers(IntakeMetrics metrics) {
        this.metrics = metrics;
    }

    @ServerExceptionMapper
    public Response invalid(ConstraintViolationException e, UriInfo uri) {
        List<Problem.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new Problem.FieldError(fieldName(v.getPropertyPath().toString()), v.getMessage()))
                .sorted(Comparator.comparing(Problem.FieldError::field))
                .toList();
        return counted(uri, "invalid", Problem.response(new Problem("about:blank", "Invalid request", 400,
                "The request body failed validation", errors)));
    }

    /** Takes precedence over the framework's own mapper for this exception, which answers plain JSON. */
    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e, UriInfo uri) {
        return malformed(e, uri);
    }

    @ServerExceptionMapper
    public Response malformed(JsonProcessingException e, UriInfo uri) {
        if (e instanceof JsonMappingException mapping && !(e.getCause() instanceof JsonProcessingException)
                && !mapping.getPath().isEmpty()) {
            return counted(uri, "malformed", Problem.response(400, "Malformed request body",
                    "Field '" + path(mapping.getPath()) + "' has the wrong type or shape"));
        }
        String where = e.getLocation() == null ? ""
                : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
        return counted(uri, "malformed", Problem.response(400, "Malformed request body", "The body is not well-formed JSON" + where));
    }

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        String reason = e.reason() != null ? e.reason() : IntakeChannel.reasonFor(e.status());
        return counted(uri, reason, Problem.response(e.status(), e.title(), e.getMessage()));
    }

    @ServerExceptionMapper
    public Response overloaded(IntakeLimiter.Overloaded e, UriInfo uri) {
        metrics.rejected(IntakeChannel.of(uri.getPath()), "overloaded");
        return Response.fromResponse(Problem.response(503, "Service Unavailable", e.getMessage())).header("Retry-After", "1").build();
    }

    @ServerExceptionMapper
    public Response signature(SignatureRejected e, UriInfo uri) {
        return counted(uri, e.reason(), Problem.response(401, "Unauthorized", e.getMessage()));
    }

    @ServerExceptionMapper
    public Response unauthenticated(UnauthorizedException e) {
        return Response.fromResponse(Problem.response(401, "Unauthorized", "A valid bearer token is required"))
                .header("WWW-Authenticate", "Bearer").build();
    }

    @ServerExceptionMapper
    public Response authenticationFailed(AuthenticationFailedException e) {
        return unauthenticated(new UnauthorizedException());
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return Problem.response(403, "Forbidden", "Your role does not allow this");
    }

    @ServerExceptionMapper
    public Response renormalizationFailed(RenormalizationFailed e) {
        return Problem.response(422, "Re-normalization failed",
                "The stored payload still does not normalize (" + e.getMessage() + "); the inquiry is unchanged");
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        Response.StatusType status = e.getResponse().getStatusInfo();
        return counted(uri, IntakeChannel.reasonFor(status.getStatusCode()),
                Problem.response(status.getStatusCode(), status.getReasonPhrase(), null));
    }

    @ServerExceptionMapper(priority = 10_000)
    public Response unexpected(Throwable e, UriInfo uri) {
        if (databaseUnreachable(e)) {
            // an outage, not a bug: one line, and an answer that tells the client to come back
            LOG.warnf("Refused %s: the database is unreachable (%s)", uri.getPath(), e.getMessage());
            metrics.rejected(IntakeChannel.of(uri.getPath()), "unavailable");
            return Response.fromResponse(Problem.response(503, "Service Unavailable",
                    "The database is unreachable; nothing was stored. Retry later.")).header("Retry-After", "5").build();
        }
        LOG.error("Unexpected failure while handling a request", e);
        return Problem.response(500, "Internal Server Error", "The request could not be completed; it was not accepted");
    }

    private static boolean databaseUnreachable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String type = t.getClass().getName();
            if (t instanceof java.net.ConnectException || type.endsWith("ClosedConnectionException")
                    || t.getMessage() != null && t.getMessage().contains("Unable to open a connection to the database")) {
                return true;
            }
        }
        return false;
    }

    private Response counted(UriInfo uri, String reason, Response response) {
        if (response.getStatus() >= 400 && response.getStatus() < 500) {
            metrics.rejected(IntakeChannel.of(uri.getPath()), reason);
        }
        return response;
    }

    private static String path(List<JsonMappingException.Reference> references) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : references) {
            if (reference.getFieldName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(reference.getFieldName());
            } else {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String fieldName(String path) {
        return path.isEmpty() ? "body" : path;
    }
}
