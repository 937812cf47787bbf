package io.madoguchi.analytics.rest;

import java.time.Instant;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

import com.fasterxml.jackson.annotation.JsonRawValue;

import io.madoguchi.analytics.repository.RawArchiveRepository;
import io.madoguchi.chassis.rest.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** A ticket's events exactly as received, personal data included: admins only. */
@Path("/api/v1/archive/tickets")
@RolesAllowed("admin")
@Produces(MediaType.APPLICATION_JSON)
@SecurityRequirement(name = "jwt")
public class RawArchiveResource {

    public record Event(java.util.UUID eventId, String topic, String type, Instant time, @JsonRawValue String data) {
    }

    public record History(long ticketId, Instant rawPurgedAt, List<Event> events) {
    }

    private final RawArchiveRepository raw;

    public RawArchiveResource(RawArchiveRepository raw) {
        this.raw = raw;
    }

    @GET
    @Path("/{ticketId}/events")
    @Operation(summary = "The ticket's events as received (empty once retention has purged them; rawPurgedAt says when)")
    public Uni<History> events(@PathParam("ticketId") long ticketId) {
        return Panache.withSession(() -> raw.purgedAt(ticketId).chain(purged -> {
            if (purged == null) {
                throw new ProblemException(404, "Not Found", "There is no ticket " + ticketId + " in the archive");
            }
            return raw.events(ticketId).map(events -> new History(ticketId, purged.orElse(null),
                    events.stream().map(e -> new Event(e.eventId(), e.topic(), e.type(), e.time(), e.data())).toList()));
        }));
    }
}
