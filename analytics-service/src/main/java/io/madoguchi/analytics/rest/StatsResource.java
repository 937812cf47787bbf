package io.madoguchi.analytics.rest;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

import io.madoguchi.analytics.repository.EngagementRepository;
import io.madoguchi.analytics.repository.EngagementRepository.Satisfaction;
import io.madoguchi.analytics.repository.OverviewRepository;
import io.madoguchi.analytics.repository.StatsRepository;
import io.madoguchi.analytics.service.OverviewService;
import io.madoguchi.chassis.rest.ProblemException;
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

    public record OverviewReport(OffsetDateTime from, OffsetDateTime to, String granularity, String zone, String queue, String channel,
            String agent, OverviewService.Overview overview, Map<String, String> formulas) {
    }

    static final Map<String, String> OVERVIEW_FORMULAS = formulas();

    private final StatsRepository stats;
    private final EngagementRepository engagement;
    private final OverviewService overviews;
    private final String defaultZone;

    public StatsResource(StatsRepository stats, EngagementRepository engagement, OverviewService overviews,
            @ConfigProperty(name = "madoguchi.stats.zone") String defaultZone) {
        this.stats = stats;
        this.engagement = engagement;
        this.overviews = overviews;
        this.defaultZone = defaultZone;
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

    @GET
    @Path("/overview")
    @Operation(summary = "Satisfaction and engagement over [from, to) (default: the last 30 days) as a series by day, week or month in a "
            + "time zone, with totals, reply and resolution times (calendar and business hours, p50 and p90), channel mix and volume per "
            + "queue and agent; filter by queue, channel or agent (the ticket's current one). The formulas are in the response.")
    public Uni<OverviewReport> overview(@QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("granularity") String granularity, @QueryParam("zone") String zone, @QueryParam("queue") String queue,
            @QueryParam("channel") String channel, @QueryParam("agent") String agent) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        TimeRange range = TimeRange.of(from, to, now.minusDays(30), now);
        String g = granularity == null || granularity.isBlank() ? "day" : granularity;
        if (!java.util.Set.of("day", "week", "month").contains(g)) {
            throw new ProblemException(400, "Invalid query parameter", "'granularity' must be day, week or month");
        }
        String z = zone == null || zone.isBlank() ? defaultZone : zone;
        try {
            java.time.ZoneId.of(z);
        } catch (java.time.DateTimeException e) {
            throw new ProblemException(400, "Invalid query parameter", "'zone' must be a time zone such as Asia/Tokyo");
        }
        if (range.to().isAfter(range.from().plusYears(10))) {
            throw new ProblemException(400, "Invalid time range", "at most 10 years");
        }
        OverviewRepository.Query q = new OverviewRepository.Query(range.from(), range.to(), g, z, blankToNull(queue), blankToNull(channel),
                blankToNull(agent));
        if ("day".equals(g) && range.to().isAfter(range.from().plusYears(3))) {
            throw new ProblemException(400, "Invalid time range", "daily series cover at most 3 years; use week or month");
        }
        return overviews.overview(q).map(o -> new OverviewReport(range.from(), range.to(), g, z, q.queue(), q.channel(), q.agent(), o,
                OVERVIEW_FORMULAS));
    }

    /**
     * The formula of every figure in the overview, keyed by its path in {@code overview} (array indices left out). A
     * {@code *} stands for any name at that place that has a formula of its own (a duration); the maps keyed by data
     * (SLA metric, channel, queue, agent) have one formula for the whole map. {@code StatsFormulasTest} walks the
     * response and fails for a figure without one, and checks the README lists every key.
     */
    private static Map<String, String> formulas() {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("series.created", "tickets created in the bucket (local time in 'zone')");
        f.put("series.solved", "solve events in the bucket (a ticket solved again after a reopen counts again)");
        f.put("series.reopened", "reopen events in the bucket (a solved ticket set back to open)");
        f.put("series.backlog", "open tickets at the end of the bucket: created + reopened − solved − closed unsolved, since the beginning");
        f.put("series.deflected", "inquiries a chatbot answered without a ticket, received in the bucket; with a channel filter that channel's"
                + " only; null with a queue or agent filter (a deflection has neither)");
        f.put("series.good", "tickets whose latest rating, given in the bucket, is good (a 1–5 score of 4–5)");
        f.put("series.bad", "tickets whose latest rating, given in the bucket, is bad (a 1–5 score of 1–3)");
        f.put("series.csatPercent", "100 × good ÷ (good + bad) over tickets rated in the bucket (latest rating; 1–5 scores of 4–5 are good)");
        f.put("series.slaMet", "SLA clocks (first reply, next reply, resolution) that ended in the bucket unbreached (sla-measured)");
        f.put("series.slaBreached", "SLA breaches in the bucket (sla-breached), all metrics");
        f.put("series.slaAchievementPercent", "100 × met ÷ (met + breached): met = SLA clocks that ended in the bucket unbreached "
                + "(sla-measured), breached = sla-breached events in the bucket; all metrics");
        f.put("totals.created", "tickets created in the range: the sum of series.created");
        f.put("totals.solved", "solve events in the range: the sum of series.solved");
        f.put("totals.backlogAtEnd", "open tickets at the end of the range: the last bucket's series.backlog");
        f.put("totals.deflected", "chatbot deflections in the range: the sum of series.deflected (null with a queue or agent filter)");
        f.put("totals.deflectionRatePercent", "100 × chatbot deflections ÷ (deflections + tickets created), over the range; with a channel "
                + "filter both of that channel; null with a queue or agent filter");
        f.put("totals.rated", "good + bad: tickets whose latest rating was given in the range");
        f.put("totals.csatPercent", "100 × good ÷ (good + bad) over tickets rated in the range (latest rating; 1–5 scores of 4–5 are good)");
        f.put("totals.solvedTickets", "tickets solved in the range: their latest solve is in it and they are still solved (or closed after"
                + " it); what the response rate, one-touch, reopen and template coverage shares are of");
        f.put("totals.responseRatePercent", "100 × tickets solved in the range that have a rating ÷ tickets solved in the range (a survey goes"
                + " out with every solve)");
        f.put("totals.oneTouchPercent", "100 × tickets solved in the range with at most one public agent reply ÷ tickets solved in the range");
        f.put("totals.reopenPercent", "100 × tickets solved in the range that were ever reopened ÷ tickets solved in the range");
        f.put("totals.templateCoveragePercent", "100 × tickets solved in the range with a macro applied ÷ tickets solved in the range");
        f.put("totals.repliesPerSolvedTicket", "public agent replies ÷ tickets solved in the range");
        f.put("totals.slaAchievementPercent", "per SLA metric (first-reply, next-reply, resolution): 100 × met ÷ (met + breached) over the "
                + "range, met and breached as in series.slaAchievementPercent; null for a metric with neither");
        f.put("totals.slaMet", "per SLA metric: SLA clocks that ended in the range unbreached (sla-measured)");
        f.put("totals.slaBreached", "per SLA metric: SLA breaches in the range (sla-breached)");
        f.put("durations.firstReply", "creation → first public agent reply, over replies in the range (from escalation-service's "
                + "sla-measured: tickets of a priority without an SLA target have none)");
        f.put("durations.nextReply", "a requester's message after a reply → the next public agent reply, over replies in the range");
        f.put("durations.fullResolution", "creation → the latest solve in the range (or the close of a ticket closed without a solve), "
                + "one per ticket");
        f.put("durations.requesterWait", "time the ticket spent new or open (waiting on the team, not pending, on hold or solved) until"
                + " its latest solve in the range (or its close without a solve), one per ticket");
        f.put("durations.*.calendarHours", "measured round the clock");
        f.put("durations.*.businessHours", "measured in business hours, by the SLA calendar escalation-service applies to the ticket");
        f.put("durations.*.*.count", "measurements the percentiles are taken over");
        f.put("durations.*.*.p50Hours", "median in hours: continuous percentile (PostgreSQL percentile_cont, linear between neighbours)");
        f.put("durations.*.*.p90Hours", "90th percentile in hours: continuous percentile (percentile_cont, linear between neighbours)");
        f.put("channelMix", "tickets created in the range by channel");
        f.put("createdByQueue", "tickets created in the range by their current queue");
        f.put("solvedByAgent", "tickets whose latest solve is in the range, by their current assignee");
        return java.util.Collections.unmodifiableMap(f);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
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
