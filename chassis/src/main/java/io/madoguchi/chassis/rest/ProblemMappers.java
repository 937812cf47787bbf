package io.madoguchi.chassis.rest;

import java.io.CharConversionException;
import java.net.ConnectException;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.enterprise.inject.Instance;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/**
 * Turns every failure the services share into a problem body: a client never sees a stack trace or an internal
 * name. A service maps its own exceptions in a mapper class of its own.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    private final Instance<RefusalCounter> counters;

    public ProblemMappers(Instance<RefusalCounter> counters) {
        this.counters = counters;
    }

    @ServerExceptionMapper
    public Response invalid(ConstraintViolationException e, UriInfo uri) {
        List<Problem.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new Problem.FieldError(fieldName(v), v.getMessage()))
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

    /** Jackson guesses UTF-16 or UTF-32 from a body's first bytes; bytes that only look like those are no JSON either. */
    @ServerExceptionMapper
    public Response undecodable(CharConversionException e, UriInfo uri) {
        return counted(uri, "malformed", Problem.response(400, "Malformed request body", "The body is not JSON text in UTF-8, UTF-16 or UTF-32"));
    }

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        return counted(uri, e.reason(), Problem.response(e.status(), e.title(), e.getMessage()));
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
    public Response web(WebApplicationException e, UriInfo uri) {
        Response.StatusType status = e.getResponse().getStatusInfo();
        return counted(uri, null, Problem.response(status.getStatusCode(), status.getReasonPhrase(), null));
    }

    @ServerExceptionMapper(priority = 10_000)
    public Response unexpected(Throwable e, UriInfo uri) {
        // an outage, not a bug: one line, and an answer that tells the client to come back
        if (databaseUnreachable(e)) {
            LOG.warnf("Refused %s: the database is unreachable (%s)", uri.getPath(), e.getMessage());
            return unavailable(uri, "The database is unreachable; nothing was stored. Retry later.");
        }
        if (databaseConnectionLost(e)) {
            // the commit may have reached the database and only its answer been lost: saying "not stored" could be a lie
            LOG.warnf("Failed %s: the connection to the database broke mid-request, so whether it was stored is unknown (%s)",
                    uri.getPath(), e.getMessage());
            return unavailable(uri, "The connection to the database broke while this request was handled: it may have been "
                    + "stored. Retry it later; where this API takes an Idempotency-Key, a retry with the same key is applied once.");
        }
        LOG.error("Unexpected failure while handling a request", e);
        return Problem.response(500, "Internal Server Error", "The request could not be completed; it was not accepted");
    }

    private Response counted(UriInfo uri, String reason, Response response) {
        int status = response.getStatus();
        if ((status >= 400 && status < 500 || status == 503) && counters.isResolvable()) {
            counters.get().refused(uri.getPath(), status, reason);
        }
        return response;
    }

    private Response unavailable(UriInfo uri, String detail) {
        return counted(uri, "unavailable", Response.fromResponse(Problem.response(503, "Service Unavailable", detail))
                .header("Retry-After", "5").build());
    }

    /** No connection could be had: nothing of the request reached the database. */
    static boolean databaseUnreachable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConnectException
                    || t.getMessage() != null && t.getMessage().contains("Unable to open a connection to the database")) {
                return true;
            }
        }
        return false;
    }

    /** A connection closed under a statement or the commit: its outcome is unknown. */
    static boolean databaseConnectionLost(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getClass().getName().endsWith("ClosedConnectionException")) {
                return true;
            }
        }
        return false;
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

    /**
     * The violation's place in the request body. Method validation puts the method and the parameter first:
     * "update.request.tags[0]" becomes "tags[0]"; a violation of the body as a whole is "body".
     */
    private static String fieldName(ConstraintViolation<?> violation) {
        String path = violation.getPropertyPath().toString();
        Iterator<Path.Node> nodes = violation.getPropertyPath().iterator();
        if (nodes.hasNext() && nodes.next().getKind() == ElementKind.METHOD) {
            String[] parts = path.split("\\.", 3);
            return parts.length == 3 ? parts[2] : "body";
        }
        return path.isEmpty() ? "body" : path;
    }
}
