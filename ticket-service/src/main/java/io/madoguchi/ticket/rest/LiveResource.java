package io.madoguchi.ticket.rest;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestStreamElementType;

import io.madoguchi.chassis.rest.ProblemException;
import io.madoguchi.chassis.signin.Session;
import io.madoguchi.chassis.signin.SessionAuthenticationMechanism;
import io.madoguchi.ticket.service.LiveUpdates;
import io.madoguchi.ticket.service.WorkspacePresence;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The workspace's live updates (server-sent events) and the presence announcements behind collision detection. */
@Path("/api/v1/live")
@RolesAllowed({ "agent", "admin" })
public class LiveResource {

    public record Presence(@NotNull @Pattern(regexp = "viewing|replying|left") String activity) {
    }

    private final LiveUpdates live;
    private final WorkspacePresence presence;
    private final SecurityIdentity identity;

    public LiveResource(LiveUpdates live, WorkspacePresence presence, SecurityIdentity identity) {
        this.live = live;
        this.presence = presence;
        this.identity = identity;
    }

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @Operation(summary = "Server-sent events: each ticket change (kind ticket: ticketId, change), each agent's presence on a"
            + " ticket (kind presence: agent, name, activity viewing|replying|left), and a heartbeat every 20 s")
    public Multi<LiveUpdates.Update> updates() {
        return live.stream();
    }

    @POST
    @Path("/tickets/{id}/presence")
    @Operation(summary = "Announce that this agent is viewing, replying to, or has left a ticket; every open page hears it")
    public Uni<Response> announce(@PathParam("id") long id, @NotNull @Valid Presence request) {
        if (id < 1) {
            throw new ProblemException(404, "Not Found", "No ticket " + id);
        }
        Session session = identity.getAttribute(SessionAuthenticationMechanism.SESSION_ATTRIBUTE);
        String agent = identity.getPrincipal().getName();
        return presence.announce(id, agent, session == null ? agent : session.name(), request.activity())
                .replaceWith(Response.accepted().build());
    }
}
