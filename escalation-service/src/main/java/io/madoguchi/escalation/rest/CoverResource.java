package io.madoguchi.escalation.rest;

import java.util.List;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

import io.madoguchi.chassis.rest.ProblemException;
import io.madoguchi.escalation.domain.Cover;
import io.madoguchi.escalation.service.oncall.OnCallService;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Delegation covers: a stand-in from another team takes a queue's new tickets during set hours. */
@Path("/api/v1/covers")
@RolesAllowed({ "agent", "admin" })
@SecurityRequirement(name = "jwt")
@Produces(MediaType.APPLICATION_JSON)
public class CoverResource {

    private final OnCallService onCall;
    private final JsonWebToken caller;

    public CoverResource(OnCallService onCall, JsonWebToken caller) {
        this.onCall = onCall;
        this.caller = caller;
    }

    @GET
    @Operation(summary = "Covers, of one queue or all")
    public Uni<List<Cover>> list(@QueryParam("queue") String queue) {
        return Panache.withSession(() -> onCall.covers(queue));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("admin")
    @Operation(summary = "Add a cover", description = "queue, member, zone, weekly hours (e.g. mon-fri 13:00-15:00), validFrom and "
            + "optionally validUntil. While it is active, tickets routed to the queue are assigned to the member.")
    public Uni<Response> add(OnCallService.CoverDefinition definition) {
        return Panache.withTransaction(() -> onCall.addCover(definition, caller.getName()))
                .map(cover -> Response.status(201).entity(cover).build());
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed("admin")
    @Operation(summary = "Remove a cover")
    public Uni<Response> remove(@PathParam("id") long id) {
        return Panache.withTransaction(() -> onCall.removeCover(id)).map(removed -> {
            if (!removed) {
                throw new ProblemException(404, "Not Found", "There is no cover " + id);
            }
            return Response.noContent().build();
        });
    }
}
