package io.madoguchi.escalation.rest;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

import io.madoguchi.chassis.rest.ProblemException;
import io.madoguchi.escalation.domain.Rota;
import io.madoguchi.escalation.service.oncall.OnCallSchedule;
import io.madoguchi.escalation.service.oncall.OnCallService;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** On-call rotas: who answers a queue's tickets, by turns, with overrides. */
@Path("/api/v1/rotas")
@RolesAllowed({ "agent", "admin" })
@SecurityRequirement(name = "jwt")
@Produces(MediaType.APPLICATION_JSON)
public class RotaResource {

    public record RotaView(String id, String queue, String zone, LocalTime handoffTime, int rotationDays, LocalDate startsOn,
            List<String> members, List<OnCallSchedule.Override> overrides, String updatedBy, Instant updatedAt) {
    }

    public record OnCallView(String rota, String queue, String member, Instant from, Instant until, boolean override) {
    }

    private final OnCallService onCall;
    private final JsonWebToken caller;

    public RotaResource(OnCallService onCall, JsonWebToken caller) {
        this.onCall = onCall;
        this.caller = caller;
    }

    @GET
    @Operation(summary = "Every rota")
    public Uni<List<RotaView>> list() {
        return Panache.withSession(() -> onCall.rotas().chain(rotas -> io.smallrye.mutiny.Multi.createFrom().iterable(rotas)
                .onItem().transformToUniAndConcatenate(this::view).collect().asList()));
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One rota with its overrides")
    public Uni<RotaView> get(@PathParam("id") String id) {
        return Panache.withSession(() -> onCall.rota(id).chain(rota -> rota == null ? Uni.createFrom().failure(notFound(id)) : view(rota)));
    }

    @PUT
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("admin")
    @Operation(summary = "Create or replace a rota", description = "Members take turns of rotationDays from startsOn, handing off at "
            + "handoffTime in zone; overrides (member, from, until) put someone else on call for a period. 400 names every fault.")
    public Uni<RotaView> put(@PathParam("id") String id, OnCallService.RotaDefinition definition) {
        return Panache.withTransaction(() -> onCall.saveRota(id, definition, caller.getName()).chain(this::view));
    }

    @GET
    @Path("/{id}/on-call")
    @Operation(summary = "Who is on call at an instant (default: now)", description = "at: an ISO-8601 instant, e.g. 2026-11-30T01:00:00Z")
    public Uni<OnCallView> onCall(@PathParam("id") String id, @QueryParam("at") String at) {
        Instant when;
        try {
            when = at == null || at.isBlank() ? Instant.now() : Instant.parse(at);
        } catch (java.time.format.DateTimeParseException e) {
            throw new ProblemException(400, "Invalid request", "at must be an ISO-8601 instant such as 2026-11-30T01:00:00Z");
        }
        return Panache.withSession(() -> onCall.rota(id).chain(rota -> rota == null ? Uni.createFrom().failure(notFound(id))
                : onCall.schedule(rota).map(schedule -> {
                    OnCallSchedule.Shift shift = schedule.at(when);
                    return new OnCallView(rota.id, rota.queue, shift.member(), shift.from(), shift.until(), shift.override());
                })));
    }

    private Uni<RotaView> view(Rota rota) {
        return onCall.schedule(rota).map(schedule -> new RotaView(rota.id, rota.queue, rota.zone, rota.handoffTime, rota.rotationDays,
                rota.startsOn, List.of(rota.members), schedule.overrides(), rota.updatedBy, rota.updatedAt));
    }

    private static ProblemException notFound(String id) {
        return new ProblemException(404, "Not Found", "There is no rota '" + id + "'");
    }
}
