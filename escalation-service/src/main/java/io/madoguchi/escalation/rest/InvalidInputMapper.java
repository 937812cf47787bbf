package io.madoguchi.escalation.rest;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.madoguchi.chassis.rest.Problem;
import io.madoguchi.escalation.service.InvalidInput;
import jakarta.ws.rs.core.Response;

/** An admin document that breaks the rules (a rule set, an SLA policy) as a 400 naming each fault; the chassis maps the rest. */
public class InvalidInputMapper {

    @ServerExceptionMapper
    public Response invalidInput(InvalidInput e) {
        return Problem.response(new Problem("about:blank", e.title(), 400, e.getMessage(),
                e.faults().stream().map(f -> new Problem.FieldError(f.field(), f.message())).toList()));
    }
}
