package io.madoguchi.escalation.rest;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

import io.madoguchi.chassis.rest.ProblemException;
import io.madoguchi.escalation.domain.RoutingDecision;
import io.madoguchi.escalation.service.RoutingService;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

@Path("/api/v1/routing")
@RolesAllowed({ "agent", "admin" })
@SecurityScheme(securitySchemeName = "jwt", type = SecuritySchemeType.HTTP, scheme = "bearer", bearerFormat = "JWT")
@SecurityRequirement(name = "jwt")
public class RoutingResource {

    public record DecisionView(long ticketId, String queue, String assignee, String assignedVia, String rule, Long ruleVersion,
            java.time.Instant decidedAt) {
    }

    private final RoutingService routing;

    public RoutingResource(RoutingService routing) {
        this.routing = routing;
    }

    @GET
    @Path("/tickets/{ticketId}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The routing decision taken for a ticket")
    public Uni<DecisionView> decision(@PathParam("ticketId") long ticketId) {
        return routing.find(ticketId).map(d -> {
            if (d == null) {
                throw new ProblemException(404, "Not Found", "Ticket " + ticketId + " has not been routed");
            }
            return view(d);
        });
    }

    private static DecisionView view(RoutingDecision d) {
        return new DecisionView(d.ticketId, d.queue, d.assignee, d.assignedVia, d.rule, d.ruleVersion, d.decidedAt);
    }
}
