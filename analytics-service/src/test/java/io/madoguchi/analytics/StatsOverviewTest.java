package io.madoguchi.analytics;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.madoguchi.analytics.service.LiveGauges;
import io.madoguchi.chassis.testing.ConsumerProbes;
import io.madoguchi.chassis.testing.TestProducer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;

/**
 * Two days of one queue's events in Tokyo time, the overview's figures computed by hand, and the same events
 * delivered a second time changing nothing; the live gauges' values.
 */
@QuarkusTest
@WithTestResource(AnalyticsTestResource.class)
class StatsOverviewTest {

    private record Sent(String topic, String key, UUID id, String type, String data) {
    }

    private final List<Sent> sent = new ArrayList<>();

    @Inject
    LiveGauges gauges;

    @ConfigProperty(name = "madoguchi.stats.zone")
    String statsZone;

    @Test
    void theOverviewMatchesHandComputedFiguresAndARedeliveredBatchChangesNothing() throws Throwable {
        int month = ThreadLocalRandom.current().nextInt(1, 13);
        String d0 = "2034-%02d-09".formatted(month), d1 = "2034-%02d-10".formatted(month), d2 = "2034-%02d-11".formatted(month);
        String queue = "q" + UUID.randomUUID().toString().substring(0, 8);
        long base = ThreadLocalRandom.current().nextLong(1_000_000, 1_000_000_000);
        long t0 = base, t1 = base + 1, t2 = base + 2, t3 = base + 3;

        // T0: created the day before the range, still open: the backlog the range starts with; answered before the range,
        // then two more questions from the requester, each answered (next replies of 0.5 h and 17 h, 0.5 h and 2 h in
        // business hours)
        created(t0, "email", d0 + "T03:00:00Z", queue, "carol");
        reply(t0, d0 + "T05:00:00Z");
        requesterMessage(t0, d1 + "T00:00:00Z");
        reply(t0, d1 + "T00:30:00Z");
        requesterMessage(t0, d1 + "T08:00:00Z");
        reply(t0, d2 + "T01:00:00Z");
        // T1: day 1 10:00 JST, one reply, solved 15:00 JST, rated good
        created(t1, "email", d1 + "T01:00:00Z", queue, "alice");
        reply(t1, d1 + "T02:00:00Z");
        status(t1, "open", "solved", false, d1 + "T06:00:00Z");
        ticket(t1, "satisfaction-rated.v1", "{\"ticketId\":%d,\"rating\":\"good\",\"score\":5,\"ratedAt\":\"%sT07:00:00Z\"}".formatted(t1, d1));
        // T2: day 1 11:00 JST, two replies, a macro, solved day 2 10:00, reopened 12:00, solved 16:00, rated bad
        created(t2, "chat", d1 + "T02:00:00Z", queue, "bob");
        reply(t2, d1 + "T04:00:00Z");
        ticket(t2, "macro-applied.v1", "{\"ticketId\":%d,\"macroId\":4,\"macroName\":\"refund\"}".formatted(t2));
        status(t2, "open", "solved", false, d2 + "T01:00:00Z");
        requesterMessage(t2, d2 + "T03:00:00Z");
        status(t2, "solved", "open", true, d2 + "T03:00:00Z");
        reply(t2, d2 + "T05:00:00Z");
        status(t2, "open", "solved", false, d2 + "T07:00:00Z");
        ticket(t2, "satisfaction-rated.v1", "{\"ticketId\":%d,\"rating\":\"bad\",\"ratedAt\":\"%sT08:00:00Z\"}".formatted(t2, d2));
        // T3: day 2 09:30 JST, never answered: its first-reply target breaches at 12:00 JST
        created(t3, "email", d2 + "T00:30:00Z", queue, "alice");
        escalation(t3, "sla-breached.v1", "{\"ticketId\":%d,\"metric\":\"first-reply\",\"dueAt\":\"%sT03:00:00Z\",\"breachedAt\":\"%sT03:00:00Z\"}"
                .formatted(t3, d2, d2));
        // what escalation-service measured (business seconds as its calendar counted them; for the next replies a calendar
        // of 09:00-18:00 JST with an hour's lunch at noon: T0 09:00 -> 09:30, 17:00 -> 10:00 the next day, T2 12:00 -> 14:00)
        measured(t0, "first-reply", d0 + "T05:00:00Z", 7200, 3600, 7200, 3600, false); // before the range: not counted
        measured(t0, "next-reply", d1 + "T00:30:00Z", 1800, 1800, 1800, 1800, false);
        measured(t0, "next-reply", d2 + "T01:00:00Z", 61200, 7200, 61200, 7200, false);
        measured(t2, "next-reply", d2 + "T05:00:00Z", 7200, 3600, 7200, 3600, false);
        measured(t1, "first-reply", d1 + "T02:00:00Z", 3600, 3600, 3600, 3600, false);
        measured(t2, "first-reply", d1 + "T04:00:00Z", 7200, 5400, 7200, 5400, false);
        measured(t1, "resolution", d1 + "T06:00:00Z", 18000, 18000, 14400, 14400, false);
        measured(t2, "resolution", d2 + "T01:00:00Z", 82800, 25200, 30000, 14400, false);
        measured(t2, "resolution", d2 + "T07:00:00Z", 104400, 32400, 36000, 18000, false);

        double backlogBefore = gauge("madoguchi_backlog_tickets");
        sent.forEach(s -> TestProducer.sendCloudEvent(s.topic(), s.key(), s.id(), s.type(), s.data()));
        String from = d1 + "T00:00:00+09:00";
        String to = d2.substring(0, 8) + "12T00:00:00+09:00";
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertFigures(overview(from, to, queue)));

        sent.forEach(s -> TestProducer.sendCloudEvent(s.topic(), s.key(), s.id(), s.type(), s.data()));
        // the redelivered events are processed once the group's offsets pass them: the figures must not have moved
        ConsumerProbes.awaitCaughtUp("analytics-service", sent.stream().map(s -> s.topic()).distinct().toArray(String[]::new));
        assertFigures(overview(from, to, queue));

        VertxContextSupport.subscribeAndAwait(gauges::refresh);
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        org.junit.jupiter.api.Assertions.assertTrue(metrics.contains("madoguchi_waiting_tickets{queue=\"" + queue + "\"} 2.0"),
                "T0 and T3 wait in the queue");
        org.junit.jupiter.api.Assertions.assertTrue(metrics.matches("(?s).*madoguchi_backlog_tickets [0-9.]+.*")
                && metrics.contains("madoguchi_sla_breaches_today"), "gauges exported");
        // T0 and T3 are open (new), T1 and T2 solved; the redelivery added nothing
        org.junit.jupiter.api.Assertions.assertEquals(backlogBefore + 2, gauge("madoguchi_backlog_tickets"), "the backlog gauge counts T0 and T3");

        given().auth().oauth2(token()).queryParam("granularity", "hour").when().get("/api/v1/stats/overview").then().statusCode(400);
        given().auth().oauth2(token()).queryParam("zone", "Mars/Base").when().get("/api/v1/stats/overview").then().statusCode(400);
        given().when().get("/api/v1/stats/overview").then().statusCode(401);
    }

    @Test
    void theBreachesTodayGaugeCountsFromMidnightToMidnightInTheStatisticsZone() throws Throwable {
        ZoneId zone = ZoneId.of(statsZone);
        ZonedDateTime now = ZonedDateTime.now(zone);
        ZonedDateTime nextMidnight = now.toLocalDate().plusDays(1).atStartOfDay(zone);
        if (Duration.between(now, nextMidnight).toMinutes() < 2) {
            Thread.sleep(Duration.between(now, nextMidnight).toMillis() + 1000); // not across midnight
        }
        LocalDate today = LocalDate.now(zone);
        Instant midnight = today.atStartOfDay(zone).toInstant();
        Instant tomorrow = today.plusDays(1).atStartOfDay(zone).toInstant();
        long ticket = ThreadLocalRandom.current().nextLong(1_000_000, 1_000_000_000);
        double before = gauge("madoguchi_sla_breaches_today");

        breach(ticket, "first-reply", midnight.minusSeconds(1)); // yesterday, one second before midnight
        breach(ticket, "resolution", midnight); // today's first second
        breach(ticket + 1, "first-reply", Instant.now().truncatedTo(ChronoUnit.SECONDS)); // today
        breach(ticket + 2, "first-reply", tomorrow); // tomorrow's: not today's
        sent.forEach(s -> TestProducer.sendCloudEvent(s.topic(), s.key(), s.id(), s.type(), s.data()));
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> breachesArchived(sent.stream().map(Sent::id).toList()) == sent.size());

        org.junit.jupiter.api.Assertions.assertEquals(before + 2, gauge("madoguchi_sla_breaches_today"),
                "today's two breaches, not yesterday's nor tomorrow's");
    }

    private void breach(long id, String metric, Instant at) {
        escalation(id, "sla-breached.v1", "{\"ticketId\":%d,\"metric\":\"%s\",\"dueAt\":\"%s\",\"breachedAt\":\"%s\"}"
                .formatted(id, metric, at, at));
    }

    private static int breachesArchived(List<UUID> ids) throws SQLException {
        try (Connection db = AnalyticsTestResource.database();
                PreparedStatement query = db.prepareStatement("SELECT count(*) FROM sla_breach WHERE event_id = ANY (?)")) {
            query.setArray(1, db.createArrayOf("uuid", ids.toArray()));
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }

    /** The gauge's value on /q/metrics, refreshed from the database first. */
    private double gauge(String name) throws Throwable {
        VertxContextSupport.subscribeAndAwait(gauges::refresh);
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher value = Pattern.compile("(?m)^" + name + "(?:\\{[^}]*\\})? (\\S+)$").matcher(metrics);
        org.junit.jupiter.api.Assertions.assertTrue(value.find(), name + " exported");
        return Double.parseDouble(value.group(1));
    }

    private static void assertFigures(ValidatableResponse r) {
        r.statusCode(200)
                .body("overview.series.size()", equalTo(2))
                .body("overview.series[0].created", equalTo(2)).body("overview.series[0].solved", equalTo(1))
                .body("overview.series[0].backlog", equalTo(2)).body("overview.series[0].csatPercent", equalTo(100.0))
                // day 1: T1's and T2's first replies, T1's resolution, T0's first next reply
                .body("overview.series[0].slaMet", equalTo(4)).body("overview.series[0].slaBreached", equalTo(0))
                .body("overview.series[0].slaAchievementPercent", equalTo(100.0))
                .body("overview.series[1].created", equalTo(1)).body("overview.series[1].solved", equalTo(2))
                .body("overview.series[1].reopened", equalTo(1)).body("overview.series[1].backlog", equalTo(2))
                .body("overview.series[1].csatPercent", equalTo(0.0))
                // day 2: T2's two resolutions, T0's and T2's next replies met; T3's first reply breached: 4 ÷ 5
                .body("overview.series[1].slaMet", equalTo(4)).body("overview.series[1].slaBreached", equalTo(1))
                .body("overview.series[1].slaAchievementPercent", equalTo(80.0))
                .body("overview.series[0].deflected", nullValue())
                .body("overview.totals.created", equalTo(3)).body("overview.totals.solved", equalTo(3))
                .body("overview.totals.backlogAtEnd", equalTo(2)).body("overview.totals.csatPercent", equalTo(50.0))
                .body("overview.totals.oneTouchPercent", equalTo(50.0)).body("overview.totals.responseRatePercent", equalTo(100.0)).body("overview.totals.reopenPercent", equalTo(50.0))
                .body("overview.totals.templateCoveragePercent", equalTo(50.0))
                .body("overview.totals.repliesPerSolvedTicket", equalTo(1.5))
                .body("overview.totals.slaAchievementPercent.first-reply", equalTo(66.67))
                .body("overview.totals.slaAchievementPercent.resolution", equalTo(100.0))
                .body("overview.totals.slaAchievementPercent.next-reply", equalTo(100.0))
                .body("overview.durations.firstReply.calendarHours.count", equalTo(2))
                .body("overview.durations.firstReply.calendarHours.p50Hours", closeTo(1.5, 0.001))
                .body("overview.durations.firstReply.calendarHours.p90Hours", closeTo(1.9, 0.001))
                .body("overview.durations.firstReply.businessHours.p50Hours", closeTo(1.25, 0.001))
                .body("overview.durations.firstReply.businessHours.p90Hours", closeTo(1.45, 0.001))
                .body("overview.durations.fullResolution.calendarHours.count", equalTo(2))
                .body("overview.durations.fullResolution.calendarHours.p50Hours", closeTo(17.0, 0.001))
                .body("overview.durations.fullResolution.calendarHours.p90Hours", closeTo(26.6, 0.001))
                .body("overview.durations.fullResolution.businessHours.p50Hours", closeTo(7.0, 0.001))
                .body("overview.durations.fullResolution.businessHours.p90Hours", closeTo(8.6, 0.001))
                // time new or open until the latest solve: T1 4 h (4 h in business hours), T2 10 h (5 h)
                .body("overview.durations.requesterWait.calendarHours.count", equalTo(2))
                .body("overview.durations.requesterWait.calendarHours.p50Hours", closeTo(7.0, 0.001))
                .body("overview.durations.requesterWait.calendarHours.p90Hours", closeTo(9.4, 0.001))
                .body("overview.durations.requesterWait.businessHours.p50Hours", closeTo(4.5, 0.001))
                .body("overview.durations.requesterWait.businessHours.p90Hours", closeTo(4.9, 0.001))
                // next replies in the range: 0.5, 2 and 17 h; p90 = 2 + 0.8 × (17 − 2); business 0.5, 1 and 2 h
                .body("overview.durations.nextReply.calendarHours.count", equalTo(3))
                .body("overview.durations.nextReply.calendarHours.p50Hours", closeTo(2.0, 0.001))
                .body("overview.durations.nextReply.calendarHours.p90Hours", closeTo(14.0, 0.001))
                .body("overview.durations.nextReply.businessHours.count", equalTo(3))
                .body("overview.durations.nextReply.businessHours.p50Hours", closeTo(1.0, 0.001))
                .body("overview.durations.nextReply.businessHours.p90Hours", closeTo(1.8, 0.001))
                .body("overview.channelMix.email", equalTo(2)).body("overview.channelMix.chat", equalTo(1))
                .body("overview.createdByQueue", equalTo(java.util.Map.of(r.extract().path("queue"), 3)))
                .body("overview.solvedByAgent.alice", equalTo(1)).body("overview.solvedByAgent.bob", equalTo(1))
                .body("formulas.'series.backlog'", org.hamcrest.Matchers.containsString("created + reopened"));
    }

    private static ValidatableResponse overview(String from, String to, String queue) {
        return given().config(io.restassured.RestAssured.config().jsonConfig(io.restassured.config.JsonConfig.jsonConfig()
                        .numberReturnType(io.restassured.path.json.config.JsonPathConfig.NumberReturnType.DOUBLE)))
                .auth().oauth2(token()).queryParam("from", from).queryParam("to", to).queryParam("zone", "Asia/Tokyo")
                .queryParam("granularity", "day").queryParam("queue", queue)
                .when().get("/api/v1/stats/overview").then();
    }

    private void created(long id, String channel, String at, String queue, String agent) {
        ticket(id, "created.v1", "{\"ticketId\":%d,\"channel\":\"%s\",\"status\":\"new\",\"createdAt\":\"%s\"}".formatted(id, channel, at));
        ticket(id, "assigned.v1", "{\"ticketId\":%d,\"queue\":\"%s\",\"assignee\":\"%s\"}".formatted(id, queue, agent));
    }

    private void reply(long id, String at) {
        ticket(id, "message-added.v1", "{\"ticketId\":%d,\"message\":{\"messageId\":9,\"authorType\":\"agent\",\"visibility\":\"public\",\"body\":\"ok\",\"createdAt\":\"%s\"}}"
                .formatted(id, at));
    }

    private void requesterMessage(long id, String at) {
        ticket(id, "message-added.v1", "{\"ticketId\":%d,\"message\":{\"messageId\":8,\"authorType\":\"requester\",\"visibility\":\"public\",\"body\":\"and?\",\"createdAt\":\"%s\"}}"
                .formatted(id, at));
    }

    private void status(long id, String from, String to, boolean reopened, String at) {
        ticket(id, "status-changed.v1", "{\"ticketId\":%d,\"from\":\"%s\",\"to\":\"%s\",\"reopened\":%s,\"changedAt\":\"%s\"}"
                .formatted(id, from, to, reopened, at));
    }

    private void measured(long id, String metric, String endedAt, long elapsed, long elapsedBusiness, long running, long runningBusiness,
            boolean breached) {
        escalation(id, "sla-measured.v1", ("{\"ticketId\":%d,\"metric\":\"%s\",\"startedAt\":\"2034-01-01T00:00:00Z\",\"endedAt\":\"%s\","
                + "\"elapsedSeconds\":%d,\"elapsedBusinessSeconds\":%d,\"runningSeconds\":%d,\"runningBusinessSeconds\":%d,\"breached\":%s}")
                .formatted(id, metric, endedAt, elapsed, elapsedBusiness, running, runningBusiness, breached));
    }

    private void ticket(long id, String type, String data) {
        sent.add(new Sent("tickets.v1", Long.toString(id), UUID.randomUUID(), "io.madoguchi.ticket." + type, data));
    }

    private void escalation(long id, String type, String data) {
        sent.add(new Sent("escalations.v1", Long.toString(id), UUID.randomUUID(), "io.madoguchi.escalation." + type, data));
    }

    private static String token() {
        return AnalyticsTestResource.tokens().mint("lead", Set.of("agent"), Duration.ofMinutes(5));
    }
}
