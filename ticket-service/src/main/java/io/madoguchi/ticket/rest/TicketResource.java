package io.madoguchi.ticket.rest;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

import io.madoguchi.ticket.service.TicketService;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** The agent API. */
@Path("/api/v1/tickets")
@RolesAllowed({ "agent", "admin" })
@SecurityScheme(securitySchemeName = "jwt", type = SecuritySchemeType.HTTP, scheme = "bearer", bearerFormat = "JWT")
@SecurityRequirement(name = "jwt")
public class TicketResource {

    private final TicketService tickets;

    public TicketResource(TicketService tickets) {
        this.tickets = tickets;
    }

    @GET
    @Path("/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "A ticket with its messages and current queue")
    @APIResponse(responseCode = "200", description = "The ticket")
    @APIResponse(responseCode = "401", description = "No valid bearer token")
    @APIResponse(responseCode = "403", description = "Token without the agent or admin role")
    @APIResponse(responseCode = "404", description = "No such ticket")
    public Uni<TicketView> get(@PathParam("id") long id) {
        return tickets.find(id).map(found -> {
            if (found == null) {
                throw new ProblemException(404, "Not Found", "No ticket " + id);
            }
            return TicketView.of(found);
        });
    }
}
