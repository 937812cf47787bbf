package io.madoguchi.analytics.rest;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

import io.madoguchi.analytics.repository.StatsRepository;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

@Path("/api/v1/stats")
@RolesAllowed({ "agent", "admin" })
@SecurityScheme(securitySchemeName = "jwt", type = SecuritySchemeType.HTTP, scheme = "bearer", bearerFormat = "JWT")
@SecurityRequirement(name = "jwt")
public class StatsResource {

    public record Summary(OffsetDateTime from, OffsetDateTime to, long ticketsCreated, Map<String, Long> byChannel,
            Map<String, Long> byQueue, String formula) {
    }

    private final StatsRepository stats;

    public StatsResource(StatsRepository stats) {
        this.stats = stats;
    }

    @GET
    @Path("/summary")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Tickets created in [from, to), by channel and by queue (RFC 3339 times; default: all time)")
    public Uni<Summary> summary(@QueryParam("from") String from, @QueryParam("to") String to) {
        OffsetDateTime start = parse("from", from, OffsetDateTime.of(1970, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC));
        OffsetDateTime end = parse("to", to, OffsetDateTime.of(9999, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC));
        if (!start.isBefore(end)) {
            throw new ProblemException(400, "Invalid time range", "'from' must be before 'to'");
        }
        return stats.createdBy("channel", start, end).chain(byChannel -> stats.createdBy("queue", start, end)
                .map(byQueue -> new Summary(start, end, byChannel.values().stream().mapToLong(Long::longValue).sum(),
                        byChannel, byQueue,
                        "ticketsCreated = count of tickets whose created event time is in [from, to); byQueue counts "
                                + "tickets not yet routed as 'unrouted'")));
    }

    private static OffsetDateTime parse(String name, String value, OffsetDateTime fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return OffsetDateTime.parse(value);
        } catch (DateTimeParseException e) {
            throw new ProblemException(400, "Invalid query parameter", "'" + name + "' must be an RFC 3339 time such as 2026-11-01T00:00:00Z");
        }
    }
}
