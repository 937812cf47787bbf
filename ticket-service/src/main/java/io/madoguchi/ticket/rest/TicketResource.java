package io.madoguchi.ticket.rest;

import java.net.URI;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.jboss.resteasy.reactive.RestQuery;

import io.madoguchi.chassis.rest.ProblemException;
import io.madoguchi.ticket.domain.Ticket;
import io.madoguchi.ticket.repository.TicketRepository;
import io.madoguchi.ticket.service.AgentChanges;
import io.madoguchi.ticket.service.DeliveryRetries;
import io.madoguchi.ticket.service.TicketChange;
import io.madoguchi.ticket.service.TicketMerges;
import io.madoguchi.ticket.service.TicketQueries;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;

/** The agent API. Changes need {@code If-Match} with the version (the ETag of the ticket). */
@Path("/api/v1/tickets")
@RolesAllowed({ "agent", "admin" })
@Produces(MediaType.APPLICATION_JSON)
@SecurityScheme(securitySchemeName = "jwt", type = SecuritySchemeType.HTTP, scheme = "bearer", bearerFormat = "JWT")
@SecurityRequirement(name = "jwt")
public class TicketResource {

    public record Page(List<TicketView.Summary> items, String nextCursor) {
    }

    private final TicketQueries queries;
    private final AgentChanges changes;
    private final TicketMerges merges;
    private final DeliveryRetries retries;

    public TicketResource(TicketQueries queries, AgentChanges changes, TicketMerges merges, DeliveryRetries retries) {
        this.queries = queries;
        this.changes = changes;
        this.merges = merges;
        this.retries = retries;
    }

    @GET
    @Operation(summary = "Tickets, newest first, filtered; text search matches subject and messages (Japanese too);"
            + " status takes several, comma separated; unassigned=true lists tickets nobody is assigned")
    public Uni<Page> list(@RestQuery String status, @RestQuery String queue, @RestQuery String assignee, @RestQuery boolean unassigned,
            @RestQuery String priority, @RestQuery String tag, @RestQuery String channel, @RestQuery String requester,
            @RestQuery Long contact, @RestQuery String from, @RestQuery String to, @RestQuery String q, @RestQuery boolean slaDue,
            @RestQuery String cursor, @RestQuery Integer limit) {
        int size = limit == null ? 25 : limit;
        if (size < 1 || size > 100) {
            throw new ProblemException(400, "Invalid query parameter", "'limit' must be between 1 and 100");
        }
        TicketRepository.Filter filter = new TicketRepository.Filter(statuses(status), blankToNull(queue),
                blankToNull(assignee), unassigned, blankToNull(priority), blankToNull(tag), blankToNull(channel),
                blankToNull(requester), contact, time("from", from), time("to", to), blankToNull(q), slaDue);
        if (slaDue) {
            TicketRepository.DueCursor after = cursor == null || cursor.isBlank() ? null : parseDueCursor(cursor);
            return queries.searchByDue(filter, after, size).map(found -> new Page(found.stream().map(TicketView.Summary::of).toList(),
                    found.size() == size ? dueCursor(found.get(found.size() - 1)) : null));
        }
        Long before = cursor == null || cursor.isBlank() ? null : parseCursor(cursor);
        return queries.search(filter, before, size).map(found -> new Page(
                found.stream().map(TicketView.Summary::of).toList(),
                found.size() == size ? Long.toString(found.get(found.size() - 1).id) : null));
    }

    @GET
    @Path("/views")
    @Operation(summary = "How many tickets each inbox view holds: mine and unassigned (new and open), slaDue (new and open,"
            + " due within an hour or breached), pending, on-hold, solved in the last 7 days, and each queue's tickets not yet solved")
    public Uni<TicketRepository.ViewCounts> views(@Context SecurityContext security) {
        return queries.countViews(agent(security));
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "A ticket with its conversation; a merged ticket redirects (308) to the one it was merged into")
    @APIResponse(responseCode = "200", description = "The ticket; ETag carries its version")
    @APIResponse(responseCode = "308", description = "Merged into another ticket")
    @APIResponse(responseCode = "401", description = "No valid bearer token")
    @APIResponse(responseCode = "403", description = "Token without the agent or admin role")
    @APIResponse(responseCode = "404", description = "No such ticket")
    public Uni<Response> get(@PathParam("id") long id) {
        return queries.find(id).map(found -> {
            if (found == null) {
                throw new ProblemException(404, "Not Found", "No ticket " + id);
            }
            if (found.ticket().mergedInto != null) {
                return Response.status(308).location(URI.create("/api/v1/tickets/" + found.ticket().mergedInto)).build();
            }
            return Response.ok(TicketView.of(found)).tag(etag(found.ticket())).build();
        });
    }

    @PATCH
    @Path("/{id}")
    @Operation(summary = "Change status, priority, queue, assignee or tags (If-Match required)")
    @APIResponse(responseCode = "409", description = "The lifecycle does not allow this transition")
    @APIResponse(responseCode = "412", description = "The ticket changed since the version in If-Match")
    @APIResponse(responseCode = "428", description = "If-Match missing")
    public Uni<Response> update(@PathParam("id") long id, @HeaderParam("If-Match") String ifMatch,
            @NotNull @Valid TicketRequests.Update request, @Context SecurityContext security) {
        long version = expectedVersion(ifMatch);
        TicketChange change = new TicketChange(request.status(), request.priority(), request.queue(), request.assignee(),
                request.tags());
        return changes.update(id, version, change, agent(security)).map(this::current);
    }

    @POST
    @Path("/{id}/messages")
    @Operation(summary = "Add a public reply or an internal note (never shown to the requester)")
    public Uni<Response> addMessage(@PathParam("id") long id, @NotNull @Valid TicketRequests.NewMessage request,
            @Context SecurityContext security) {
        String visibility = request.visibility() == null ? "public" : request.visibility();
        return changes.addMessage(id, request.body(), visibility, agent(security)).map(message -> {
            if (message == null) {
                throw new ProblemException(404, "Not Found", "No ticket " + id);
            }
            return Response.status(201).entity(TicketView.message(message)).build();
        });
    }

    @POST
    @Path("/{id}/macros/{macroId}")
    @Operation(summary = "Apply a macro: its reply, status, priority and tags; the use is recorded (If-Match required)")
    public Uni<Response> applyMacro(@PathParam("id") long id, @PathParam("macroId") long macroId,
            @HeaderParam("If-Match") String ifMatch, @Context SecurityContext security) {
        long version = expectedVersion(ifMatch);
        return changes.applyMacro(id, version, macroId, agent(security)).map(this::current);
    }

    @POST
    @Path("/{id}/merge")
    @RolesAllowed("admin")
    @Operation(summary = "Merge this ticket into another (admin); it closes and redirects there")
    public Uni<Response> merge(@PathParam("id") long id, @NotNull @Valid TicketRequests.Merge request,
            @Context SecurityContext security) {
        return merges.merge(id, request.into(), agent(security)).map(this::current);
    }

    @POST
    @Path("/{id}/deliveries/{deliveryId}/retry")
    @Operation(summary = "Try a failed delivery to the customer again; it is retrying until its next outcome")
    @APIResponse(responseCode = "202", description = "Asked for; the delivery, now retrying")
    @APIResponse(responseCode = "404", description = "No such ticket, or no such delivery of it")
    @APIResponse(responseCode = "409", description = "The delivery has not failed")
    public Uni<Response> retryDelivery(@PathParam("id") long id, @PathParam("deliveryId") UUID deliveryId,
            @Context SecurityContext security) {
        return retries.retry(id, deliveryId, agent(security))
                .map(delivery -> Response.accepted(TicketView.Delivery.of(delivery)).build());
    }

    private Response current(Ticket ticket) {
        return Response.ok(TicketView.Summary.of(ticket)).tag(etag(ticket)).build();
    }

    /** After a flush the entity's version is the new one; the ETag tells the client what to send next. */
    private static EntityTag etag(Ticket ticket) {
        return new EntityTag(Long.toString(ticket.version));
    }

    private static long expectedVersion(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank()) {
            throw new ProblemException(428, "Precondition Required", "Send If-Match with the ticket's ETag (its version)");
        }
        try {
            return Long.parseLong(ifMatch.trim().replaceFirst("^W/", "").replace("\"", ""));
        } catch (NumberFormatException e) {
            throw new ProblemException(400, "Invalid If-Match", "If-Match must be the ticket's ETag, e.g. \"3\"");
        }
    }

    private static String agent(SecurityContext security) {
        return security.getUserPrincipal().getName();
    }

    /** The SLA view's cursor: the last ticket's due time (or none) and id. */
    private static String dueCursor(Ticket last) {
        return (last.slaDueAt == null ? TicketRepository.NEVER : last.slaDueAt) + "_" + last.id;
    }

    private static TicketRepository.DueCursor parseDueCursor(String cursor) {
        try {
            int at = cursor.lastIndexOf('_');
            return new TicketRepository.DueCursor(Instant.parse(cursor.substring(0, at)), Long.parseLong(cursor.substring(at + 1)));
        } catch (RuntimeException e) {
            throw new ProblemException(400, "Invalid query parameter", "'cursor' must be a value returned as nextCursor");
        }
    }

    private static Long parseCursor(String cursor) {
        try {
            return Long.parseLong(cursor);
        } catch (NumberFormatException e) {
            throw new ProblemException(400, "Invalid query parameter", "'cursor' must be a value returned as nextCursor");
        }
    }

    private static Instant time(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return java.time.OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw new ProblemException(400, "Invalid query parameter", "'" + name + "' must be an RFC 3339 time");
        }
    }

    private static List<String> statuses(String status) {
        if (status == null || status.isBlank()) {
            return List.of();
        }
        List<String> statuses = java.util.Arrays.stream(status.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        for (String s : statuses) {
            if (io.madoguchi.ticket.domain.TicketStatus.of(s).isEmpty()) {
                throw new ProblemException(400, "Invalid query parameter", "'status' takes new, open, pending, on-hold, solved, closed");
            }
        }
        return statuses;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
