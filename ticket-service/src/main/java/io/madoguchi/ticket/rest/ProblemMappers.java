package io.madoguchi.ticket.rest;

import java.util.Comparator;
import java.util.List;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import io.madoguchi.ticket.service.StaleVersion;
import io.madoguchi.ticket.service.TicketConflict;
import io.madoguchi.ticket.service.NotFound;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.persistence.OptimisticLockException;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

/** Turns every failure into a problem body; a client never sees a stack trace or an internal name. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response invalid(ConstraintViolationException e) {
        List<Problem.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new Problem.FieldError(fieldName(v.getPropertyPath().toString()), v.getMessage()))
                .sorted(Comparator.comparing(Problem.FieldError::field))
                .toList();
        return Problem.response(new Problem("about:blank", "Invalid request", 400,
                "The request body failed validation", errors));
    }

    /** Takes precedence over the framework's own mapper for this exception, which answers plain JSON. */
    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e) {
        return malformed(e);
    }

    @ServerExceptionMapper
    public Response malformed(JsonProcessingException e) {
        if (e instanceof JsonMappingException mapping && !(e.getCause() instanceof JsonProcessingException)
                && !mapping.getPath().isEmpty()) {
            return Problem.response(400, "Malformed request body",
                    "Field '" + path(mapping.getPath()) + "' has the wrong type or shape");
        }
        String where = e.getLocation() == null ? ""
                : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
        return Problem.response(400, "Malformed request body", "The body is not well-formed JSON" + where);
    }

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        return Problem.response(e.status(), e.title(), e.getMessage());
    }

    @ServerExceptionMapper
    public Response conflict(TicketConflict e) {
        return Problem.response(409, "Conflict", e.getMessage());
    }

    @ServerExceptionMapper
    public Response stale(StaleVersion e) {
        return Problem.response(412, "Precondition Failed", e.getMessage());
    }

    /** Two writers passed the version check at once; the later commit loses, as if its If-Match was stale. */
    @ServerExceptionMapper
    public Response raced(OptimisticLockException e) {
        return Problem.response(412, "Precondition Failed", "The ticket changed meanwhile; reload it and retry");
    }

    @ServerExceptionMapper
    public Response notFound(NotFound e) {
        return Problem.response(404, "Not Found", e.getMessage());
    }

    @ServerExceptionMapper
    public Response invalidArgument(IllegalArgumentException e) {
        return Problem.response(400, "Invalid request", e.getMessage());
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
    public Response web(WebApplicationException e) {
        Response.StatusType status = e.getResponse().getStatusInfo();
        return Problem.response(status.getStatusCode(), status.getReasonPhrase(), null);
    }

    @ServerExceptionMapper(priority = 10_000)
    public Response unexpected(Throwable e) {
        LOG.error("Unexpected failure while handling a request", e);
        return Problem.response(500, "Internal Server Error", "The request could not be completed; it was not accepted");
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

    /** "update.request.tags[0]" (method validation: method, parameter, field) becomes "tags[0]". */
    private static String fieldName(String path) {
        String[] parts = path.split("\\.", 3);
        return parts.length == 3 ? parts[2] : "body";
    }
}
