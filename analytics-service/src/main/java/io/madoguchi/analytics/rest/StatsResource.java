package io.madoguchi.analytics.rest;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

import io.madoguchi.analytics.repository.EngagementRepository;
import io.madoguchi.analytics.repository.EngagementRepository.Satisfaction;
import io.madoguchi.analytics.repository.StatsRepository;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** Ticket counts, satisfaction and engagement, each figure with the formula that produced it. */
@Path("/api/v1/stats")
@RolesAllowed({ "agent", "admin" })
@Produces(MediaType.APPLICATION_JSON)
@SecurityScheme(securitySchemeName = "jwt", type = SecuritySchemeType.HTTP, scheme = "bearer", bearerFormat = "JWT")
@SecurityRequirement(name = "jwt")
public class StatsResource {

    public record Summary(OffsetDateTime from, OffsetDateTime to, long ticketsCreated, Map<String, Long> byChannel,
            Map<String, Long> byQueue, String formula) {
    }

    public record SatisfactionView(long rated, long good, long bad, Double csatPercent) {

        static SatisfactionView of(Satisfaction s) {
            long rated = s.good() + s.bad();
            return new SatisfactionView(rated, s.good(), s.bad(), rated == 0 ? null : round(100.0 * s.good() / rated));
        }
    }

    public record SatisfactionReport(OffsetDateTime from, OffsetDateTime to, String queue, SatisfactionView overall,
            Map<String, SatisfactionView> byQueue, Map<String, SatisfactionView> byAgent, Map<String, SatisfactionView> byChannel,
            Map<String, String> formulas) {
    }

    public record EngagementReport(OffsetDateTime from, OffsetDateTime to, long ticketsCreated, long firstReplied,
            Double firstReplyHoursP50, Double firstReplyHoursP90, long ticketsSolved, Double oneTouchResolutionPercent,
            Double reopenPercent, Double templateCoveragePercent, Double repliesPerSolvedTicket, Map<String, String> formulas) {
    }

    private final StatsRepository stats;
    private final EngagementRepository engagement;

    public StatsResource(StatsRepository stats, EngagementRepository engagement) {
        this.stats = stats;
        this.engagement = engagement;
    }

    @GET
    @Path("/summary")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Tickets created in [from, to), by channel and by queue (RFC 3339 times; default: all time)")
    public Uni<Summary> summary(@QueryParam("from") String from, @QueryParam("to") String to) {
        TimeRange range = allTime(from, to);
        OffsetDateTime start = range.from();
        OffsetDateTime end = range.to();
        return stats.createdBy("channel", start, end).chain(byChannel -> stats.createdBy("queue", start, end)
                .map(byQueue -> new Summary(start, end, byChannel.values().stream().mapToLong(Long::longValue).sum(),
                        byChannel, byQueue,
                        "ticketsCreated = count of tickets whose created event time is in [from, to); byQueue counts "
                                + "tickets not yet routed as 'unrouted'")));
    }

    @GET
    @Path("/satisfaction")
    @Operation(summary = "CSAT over ratings given in [from, to): good ÷ (good + bad); 1-5 scores count 4-5 as good")
    public Uni<SatisfactionReport> satisfaction(@QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("queue") String queue) {
        TimeRange range = allTime(from, to);
        OffsetDateTime start = range.from();
        OffsetDateTime end = range.to();
        String q = queue == null || queue.isBlank() ? null : queue;
        return engagement.satisfaction(start, end, q).chain(overall -> engagement.satisfactionBy("queue", start, end)
                .chain(byQueue -> engagement.satisfactionBy("assignee", start, end)
                        .chain(byAgent -> engagement.satisfactionBy("channel", start, end)
                                .map(byChannel -> new SatisfactionReport(start, end, q, SatisfactionView.of(overall),
                                        views(byQueue), views(byAgent), views(byChannel), Map.of(
                                                "csatPercent", "100 × good ÷ (good + bad), over tickets rated in [from, to)",
                                                "rated", "good + bad; a 1-5 score counts as good when 4 or 5"))))));
    }

    @GET
    @Path("/engagement")
    @Operation(summary = "Reply and resolution figures: tickets created in [from, to) for reply times, solved in [from, to) for the rest")
    public Uni<EngagementReport> engagement(@QueryParam("from") String from, @QueryParam("to") String to) {
        TimeRange range = allTime(from, to);
        OffsetDateTime start = range.from();
        OffsetDateTime end = range.to();
        return engagement.engagement(start, end).map(e -> new EngagementReport(start, end, e.created(), e.firstReplied(),
                round(e.firstReplyHoursP50()), round(e.firstReplyHoursP90()), e.solved(), percent(e.oneTouch(), e.solved()),
                percent(e.reopened(), e.solved()), percent(e.withMacro(), e.solved()), round(e.repliesPerSolvedTicket()),
                Map.of("firstReplyHours", "first public agent reply − ticket creation, in calendar hours, p50 and p90 (continuous"
                                + " percentile) over tickets created in [from, to) that have a reply",
                        "oneTouchResolutionPercent", "100 × solved tickets with at most one public agent reply ÷ solved tickets",
                        "reopenPercent", "100 × solved tickets that were ever reopened ÷ solved tickets",
                        "templateCoveragePercent", "100 × solved tickets with a macro applied ÷ solved tickets",
                        "repliesPerSolvedTicket", "public agent replies ÷ solved tickets")));
    }

    private static Map<String, SatisfactionView> views(Map<String, Satisfaction> raw) {
        Map<String, SatisfactionView> views = new LinkedHashMap<>();
        raw.forEach((k, v) -> views.put(k, SatisfactionView.of(v)));
        return views;
    }

    private static Double percent(long part, long whole) {
        return whole == 0 ? null : round(100.0 * part / whole);
    }

    private static Double round(Double value) {
        return value == null ? null : Math.round(value * 100) / 100.0;
    }

    private static TimeRange allTime(String from, String to) {
        return TimeRange.of(from, to, OffsetDateTime.of(1970, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC), OffsetDateTime.of(9999, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC));
    }
}
