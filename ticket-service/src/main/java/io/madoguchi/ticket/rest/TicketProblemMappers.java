package io.madoguchi.ticket.rest;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.madoguchi.chassis.rest.Problem;
import io.madoguchi.ticket.service.NotFound;
import io.madoguchi.ticket.service.StaleVersion;
import io.madoguchi.ticket.service.SurveyExpired;
import io.madoguchi.ticket.service.TicketConflict;
import jakarta.persistence.OptimisticLockException;
import jakarta.ws.rs.core.Response;

/** ticket-service's own failures as problem bodies; the chassis maps the rest. */
public class TicketProblemMappers {

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
    public Response expired(SurveyExpired e) {
        return Problem.response(410, "Gone", e.getMessage());
    }

    @ServerExceptionMapper
    public Response notFound(NotFound e) {
        return Problem.response(404, "Not Found", e.getMessage());
    }

    @ServerExceptionMapper
    public Response invalidArgument(IllegalArgumentException e) {
        return Problem.response(400, "Invalid request", e.getMessage());
    }
}
