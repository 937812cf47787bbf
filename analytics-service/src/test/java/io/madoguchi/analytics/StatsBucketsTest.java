package io.madoguchi.analytics;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.madoguchi.chassis.testing.TestProducer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

/**
 * Three weeks of tickets in March and April 2038 (a year no other test uses), unfiltered: by week (weeks start on
 * Monday, as PostgreSQL's {@code date_trunc('week')} and the bucket list both have it) and by month, in Tokyo and in
 * UTC; by day across a UTC evening that is the next morning in Tokyo; filtered by channel and by agent; the chatbot
 * deflection rate. Every figure computed by hand below.
 *
 * <pre>
 * 2038          Mo 15 .. Su 21 | Mo 22 .. Su 28 | Mo 29 .. Su 4 April | Mo 5 .. Su 11
 * F  email billing carol  created 03-19 03:00Z (12:00 JST, before the range), stays open
 * A  email billing alice  created 03-21 14:30Z (Sun 23:30 JST), replied 03-22 00:00Z, solved 03-24 01:00Z, rated good 02:00Z
 * B  chat  tech    bob    created 03-21 15:30Z (Mon 00:30 JST), first reply breached 03-22 03:00Z, replied 05:00Z, open
 * C  email billing alice  created 03-31 23:30Z (Thu 1 April 08:30 JST), replied 04-01 01:00Z, macro, solved 03:00Z, rated bad 04:00Z
 * D  line  tech    bob    created 04-03 01:00Z (Sat), replied 02:00Z, solved 03:00Z, rated good 04:00Z, reopened 04-05 01:00Z
 * E  chat  tech    alice  created 04-05 00:00Z (Mon 09:00 JST), closed without a solve 04-06 01:00Z
 * deflections: chat 03-19 14:59Z (before the range), chat 03-21 16:00Z (Mon 01:00 JST), email 04-02 00:00Z,
 *              chat 04-06 05:00Z, chat 04-09 15:00Z (the range's end: outside)
 * </pre>
 *
 * The range is [2038-03-20 00:00 JST, 2038-04-10 00:00 JST) = [03-19 15:00Z, 04-09 15:00Z) in every query but the
 * daily ones. Business seconds as escalation-service's calendar (09:00-18:00 JST on weekdays) counted them. The
 * backlog is open tickets since the beginning, so the tickets other tests left open (all before 2038) are added to
 * the hand-computed backlog ({@link #openBefore}).
 */
@QuarkusTest
@WithTestResource(AnalyticsTestResource.class)
class StatsBucketsTest {

    static final String FROM = "2038-03-20T00:00:00+09:00";
    static final String TO = "2038-04-10T00:00:00+09:00";
    static final long BASE = 2038_000_000L;
    static final long F = BASE, A = BASE + 1, B = BASE + 2, C = BASE + 3, D = BASE + 4, E = BASE + 5;

    private static boolean sent;

    /** The events once per run, for all the tests of this class. */
    static synchronized void fixture() {
        if (sent) {
            return;
        }
        created(F, "email", "2038-03-19T03:00:00Z", "billing", "carol");

        created(A, "email", "2038-03-21T14:30:00Z", "billing", "alice");
        reply(A, "2038-03-22T00:00:00Z");
        status(A, "open", "solved", false, "2038-03-24T01:00:00Z");
        rated(A, "good", "2038-03-24T02:00:00Z");

        created(B, "chat", "2038-03-21T15:30:00Z", "tech", "bob");
        escalation(B, "sla-breached.v1", "{\"ticketId\":%d,\"metric\":\"first-reply\",\"dueAt\":\"2038-03-22T03:00:00Z\",\"breachedAt\":\"2038-03-22T03:00:00Z\"}"
                .formatted(B));
        reply(B, "2038-03-22T05:00:00Z");

        created(C, "email", "2038-03-31T23:30:00Z", "billing", "alice");
        reply(C, "2038-04-01T01:00:00Z");
        ticket(C, "macro-applied.v1", "{\"ticketId\":%d,\"macroId\":7,\"macroName\":\"reset\"}".formatted(C));
        status(C, "open", "solved", false, "2038-04-01T03:00:00Z");
        rated(C, "bad", "2038-04-01T04:00:00Z");

        created(D, "line", "2038-04-03T01:00:00Z", "tech", "bob");
        reply(D, "2038-04-03T02:00:00Z");
        status(D, "open", "solved", false, "2038-04-03T03:00:00Z");
        rated(D, "good", "2038-04-03T04:00:00Z");
        status(D, "solved", "open", true, "2038-04-05T01:00:00Z");

        created(E, "chat", "2038-04-05T00:00:00Z", "tech", "alice");
        status(E, "new", "closed", false, "2038-04-06T01:00:00Z");

        // what escalation-service measured: elapsed (= running: nothing paused) round the clock and in business hours
        measured(A, "first-reply", "2038-03-22T00:00:00Z", 34200, 0, false); // 9.5 h, Sunday night
        measured(B, "first-reply", "2038-03-22T05:00:00Z", 48600, 18000, true); // 13.5 h, 5 h; breached
        measured(C, "first-reply", "2038-04-01T01:00:00Z", 5400, 3600, false); // 1.5 h, 1 h
        measured(D, "first-reply", "2038-04-03T02:00:00Z", 3600, 0, false); // 1 h, a Saturday
        measured(A, "resolution", "2038-03-24T01:00:00Z", 210600, 68400, false); // 58.5 h, 19 h
        measured(C, "resolution", "2038-04-01T03:00:00Z", 12600, 10800, false); // 3.5 h, 3 h
        measured(D, "resolution", "2038-04-03T03:00:00Z", 7200, 0, false); // 2 h, a Saturday
        measured(E, "resolution", "2038-04-06T01:00:00Z", 90000, 36000, false); // closed unsolved: 25 h, 10 h

        deflected("chat", "2038-03-19T14:59:00Z");
        deflected("chat", "2038-03-21T16:00:00Z");
        deflected("email", "2038-04-02T00:00:00Z");
        deflected("chat", "2038-04-06T05:00:00Z");
        deflected("chat", "2038-04-09T15:00:00Z");
        sent = true;
    }

    @Test
    void byWeekInTokyoWeeksStartOnMondayAndTheFirstBucketIsTheWeekTheRangeStartsIn() {
        fixture();
        // backlog: F before the range; + A; + B − A; + C + D − C − D; + E + D reopened − E closed unsolved
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> overview(Map.of("granularity", "week", "zone", "Asia/Tokyo"))
                .statusCode(200)
                .body("overview.series.start", equalTo(List.of("2038-03-15", "2038-03-22", "2038-03-29", "2038-04-05")))
                .body("overview.series.created", equalTo(List.of(1, 1, 2, 1)))
                .body("overview.series.solved", equalTo(List.of(0, 1, 2, 0)))
                .body("overview.series.reopened", equalTo(List.of(0, 0, 0, 1)))
                .body("overview.series.backlog", equalTo(plus(openBefore(Map.of()), 2, 2, 2, 3)))
                .body("overview.series.deflected", equalTo(List.of(0, 1, 1, 1)))
                .body("overview.series.good", equalTo(List.of(0, 1, 1, 0)))
                .body("overview.series.bad", equalTo(List.of(0, 0, 1, 0)))
                .body("overview.series.csatPercent", equalTo(Arrays.asList(null, 100.0, 50.0, null)))
                // met: A's first reply (Mon 09:00 JST) and resolution | C's and D's first replies and resolutions | E's close
                .body("overview.series.slaMet", equalTo(List.of(0, 2, 4, 1)))
                .body("overview.series.slaBreached", equalTo(List.of(0, 1, 0, 0)))
                .body("overview.series.slaAchievementPercent", equalTo(Arrays.asList(null, 66.67, 100.0, 100.0)))
                .body("overview.totals.created", equalTo(5))
                .body("overview.totals.solved", equalTo(3))
                .body("overview.totals.backlogAtEnd", equalTo(openBefore(Map.of()) + 3))
                // deflections 3 of the 5 in the range (not the one before it nor the one at its end): 3 ÷ (3 + 5)
                .body("overview.totals.deflected", equalTo(3))
                .body("overview.totals.deflectionRatePercent", equalTo(37.5))
                .body("overview.totals.rated", equalTo(3))
                .body("overview.totals.csatPercent", equalTo(66.67))
                // tickets whose latest solve is in the range: A and C (D was reopened, E closed unsolved)
                .body("overview.totals.responseRatePercent", equalTo(100.0))
                .body("overview.totals.oneTouchPercent", equalTo(100.0))
                .body("overview.totals.reopenPercent", equalTo(0.0))
                .body("overview.totals.templateCoveragePercent", equalTo(50.0))
                .body("overview.totals.repliesPerSolvedTicket", equalTo(1.0))
                .body("overview.totals.slaAchievementPercent.first-reply", equalTo(75.0))
                .body("overview.totals.slaAchievementPercent.next-reply", nullValue())
                .body("overview.totals.slaAchievementPercent.resolution", equalTo(100.0))
                // first replies 1, 1.5, 9.5, 13.5 h: p50 (1.5 + 9.5) ÷ 2, p90 9.5 + 0.7 × 4; business 0, 0, 1, 5 h
                .body("overview.durations.firstReply.calendarHours.count", equalTo(4))
                .body("overview.durations.firstReply.calendarHours.p50Hours", closeTo(5.5, 0.001))
                .body("overview.durations.firstReply.calendarHours.p90Hours", closeTo(12.3, 0.001))
                .body("overview.durations.firstReply.businessHours.p50Hours", closeTo(0.5, 0.001))
                .body("overview.durations.firstReply.businessHours.p90Hours", closeTo(3.8, 0.001))
                // resolutions D 2, C 3.5, E 25 (closed unsolved), A 58.5 h: p90 25 + 0.7 × 33.5; business 0, 3, 10, 19 h
                .body("overview.durations.fullResolution.calendarHours.count", equalTo(4))
                .body("overview.durations.fullResolution.calendarHours.p50Hours", closeTo(14.25, 0.001))
                .body("overview.durations.fullResolution.calendarHours.p90Hours", closeTo(48.45, 0.001))
                .body("overview.durations.fullResolution.businessHours.p50Hours", closeTo(6.5, 0.001))
                .body("overview.durations.fullResolution.businessHours.p90Hours", closeTo(16.3, 0.001))
                .body("overview.durations.nextReply.calendarHours.count", equalTo(0))
                .body("overview.channelMix", equalTo(Map.of("chat", 2, "email", 2, "line", 1)))
                .body("overview.createdByQueue", equalTo(Map.of("tech", 3, "billing", 2)))
                .body("overview.solvedByAgent", equalTo(Map.of("alice", 2))));
    }

    @Test
    void byWeekInUtcTheSundayEveningTicketsAndDeflectionMoveToTheEarlierWeek() {
        fixture();
        // B (Mon 00:30 JST) and the deflection at Mon 01:00 JST are Sunday afternoon in UTC
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> overview(Map.of("granularity", "week", "zone", "UTC"))
                .statusCode(200)
                .body("overview.series.start", equalTo(List.of("2038-03-15", "2038-03-22", "2038-03-29", "2038-04-05")))
                .body("overview.series.created", equalTo(List.of(2, 0, 2, 1)))
                .body("overview.series.solved", equalTo(List.of(0, 1, 2, 0)))
                .body("overview.series.backlog", equalTo(plus(openBefore(Map.of()), 3, 2, 2, 3)))
                .body("overview.series.deflected", equalTo(List.of(1, 0, 1, 1)))
                .body("overview.totals.created", equalTo(5))
                .body("overview.totals.deflectionRatePercent", equalTo(37.5)));
    }

    @Test
    void byMonthTheLastEveningOfMarchInUtcIsAprilInTokyo() {
        fixture();
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> overview(Map.of("granularity", "month", "zone", "Asia/Tokyo"))
                .statusCode(200)
                .body("overview.series.start", equalTo(List.of("2038-03-01", "2038-04-01")))
                .body("overview.series.created", equalTo(List.of(2, 3)))
                .body("overview.series.solved", equalTo(List.of(1, 2)))
                .body("overview.series.reopened", equalTo(List.of(0, 1)))
                .body("overview.series.backlog", equalTo(plus(openBefore(Map.of()), 2, 3)))
                .body("overview.series.deflected", equalTo(List.of(1, 2)))
                .body("overview.series.csatPercent", equalTo(List.of(100.0, 50.0)))
                .body("overview.series.slaMet", equalTo(List.of(2, 5)))
                .body("overview.series.slaBreached", equalTo(List.of(1, 0))));
        // C, created 31 March 23:30 UTC, is March's in UTC
        overview(Map.of("granularity", "month", "zone", "UTC"))
                .statusCode(200)
                .body("overview.series.start", equalTo(List.of("2038-03-01", "2038-04-01")))
                .body("overview.series.created", equalTo(List.of(3, 2)))
                .body("overview.series.solved", equalTo(List.of(1, 2)))
                .body("overview.series.backlog", equalTo(plus(openBefore(Map.of()), 3, 3)))
                .body("overview.series.deflected", equalTo(List.of(1, 2)));
    }

    @Test
    void byDayAUtcEveningIsTheNextDayInTokyoAndAFixedOffsetMeansEastOfGreenwich() {
        fixture();
        // C: created 2038-03-31 23:30 UTC = 1 April 08:30 JST, solved 03:00Z and rated 04:00Z on 1 April in both
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> overview(
                Map.of("from", "2038-03-31T00:00:00+09:00", "to", "2038-04-02T00:00:00+09:00", "granularity", "day", "zone", "Asia/Tokyo"))
                .statusCode(200)
                .body("overview.series.start", equalTo(List.of("2038-03-31", "2038-04-01")))
                .body("overview.series.created", equalTo(List.of(0, 1)))
                .body("overview.series.solved", equalTo(List.of(0, 1)))
                .body("overview.series.bad", equalTo(List.of(0, 1)))
                .body("overview.series.backlog", equalTo(plus(openBefore(Map.of()), 2, 2))));
        overview(Map.of("from", "2038-03-31T00:00:00Z", "to", "2038-04-02T00:00:00Z", "granularity", "day", "zone", "UTC"))
                .statusCode(200)
                .body("overview.series.start", equalTo(List.of("2038-03-31", "2038-04-01")))
                .body("overview.series.created", equalTo(List.of(1, 0)))
                .body("overview.series.solved", equalTo(List.of(0, 1)))
                .body("overview.series.bad", equalTo(List.of(0, 1)))
                .body("overview.series.backlog", equalTo(plus(openBefore(Map.of()), 3, 2)));
        // a zone given as an offset is east of Greenwich when positive, as in RFC 3339 (PostgreSQL alone would read it west)
        for (String zone : List.of("+09:00", "UTC+09:00", "GMT+9")) {
            overview(Map.of("from", "2038-03-31T00:00:00+09:00", "to", "2038-04-02T00:00:00+09:00", "granularity", "day", "zone", zone))
                    .statusCode(200)
                    .body("zone", equalTo(zone))
                    .body("overview.series.start", equalTo(List.of("2038-03-31", "2038-04-01")))
                    .body("overview.series.created", equalTo(List.of(0, 1)));
        }
        overview(Map.of("granularity", "week", "zone", "+09:00")).statusCode(200)
                .body("overview.series.created", equalTo(List.of(1, 1, 2, 1)))
                .body("overview.series.deflected", equalTo(List.of(0, 1, 1, 1)));
        overview(Map.of("from", "2038-03-31T00:00:00-03:30", "to", "2038-04-01T00:00:00-03:30", "granularity", "day", "zone", "-03:30"))
                .statusCode(200)
                .body("overview.series.start", equalTo(List.of("2038-03-31")))
                .body("overview.series.created", equalTo(List.of(1))); // 31 March 20:00 at −03:30
    }

    @Test
    void theChannelFilterKeepsThatChannelsTicketsAndDeflections() {
        fixture();
        // F (before the range), A and C; the email deflection of 2 April
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> overview(
                Map.of("granularity", "week", "zone", "Asia/Tokyo", "channel", "email"))
                .statusCode(200)
                .body("channel", equalTo("email"))
                .body("overview.series.created", equalTo(List.of(1, 0, 1, 0)))
                .body("overview.series.solved", equalTo(List.of(0, 1, 1, 0)))
                .body("overview.series.backlog", equalTo(plus(openBefore(Map.of("channel", "email")), 2, 1, 1, 1)))
                .body("overview.series.deflected", equalTo(List.of(0, 0, 1, 0)))
                .body("overview.series.slaMet", equalTo(List.of(0, 2, 2, 0)))
                .body("overview.series.slaBreached", equalTo(List.of(0, 0, 0, 0)))
                .body("overview.totals.created", equalTo(2))
                .body("overview.totals.deflectionRatePercent", equalTo(33.33))
                .body("overview.totals.csatPercent", equalTo(50.0))
                .body("overview.totals.templateCoveragePercent", equalTo(50.0))
                // A 9.5 h and C 1.5 h: p90 1.5 + 0.9 × 8; business 0 and 1 h
                .body("overview.durations.firstReply.calendarHours.count", equalTo(2))
                .body("overview.durations.firstReply.calendarHours.p50Hours", closeTo(5.5, 0.001))
                .body("overview.durations.firstReply.calendarHours.p90Hours", closeTo(8.7, 0.001))
                .body("overview.durations.firstReply.businessHours.p50Hours", closeTo(0.5, 0.001))
                .body("overview.durations.firstReply.businessHours.p90Hours", closeTo(0.9, 0.001))
                // C 3.5 h and A 58.5 h: p90 3.5 + 0.9 × 55; business 3 and 19 h
                .body("overview.durations.fullResolution.calendarHours.p50Hours", closeTo(31.0, 0.001))
                .body("overview.durations.fullResolution.calendarHours.p90Hours", closeTo(53.0, 0.001))
                .body("overview.durations.fullResolution.businessHours.p50Hours", closeTo(11.0, 0.001))
                .body("overview.durations.fullResolution.businessHours.p90Hours", closeTo(17.4, 0.001))
                .body("overview.channelMix", equalTo(Map.of("email", 2)))
                .body("overview.createdByQueue", equalTo(Map.of("billing", 2)))
                .body("overview.solvedByAgent", equalTo(Map.of("alice", 2))));
        // B and E; the chat deflections of 22 March and 6 April: 2 ÷ (2 + 2)
        overview(Map.of("granularity", "week", "zone", "Asia/Tokyo", "channel", "chat"))
                .statusCode(200)
                .body("overview.series.created", equalTo(List.of(0, 1, 0, 1)))
                .body("overview.series.backlog", equalTo(plus(openBefore(Map.of("channel", "chat")), 0, 1, 1, 1)))
                .body("overview.series.deflected", equalTo(List.of(0, 1, 0, 1)))
                .body("overview.series.slaBreached", equalTo(List.of(0, 1, 0, 0)))
                .body("overview.totals.deflectionRatePercent", equalTo(50.0))
                .body("overview.totals.slaAchievementPercent.first-reply", equalTo(0.0))
                .body("overview.totals.slaAchievementPercent.resolution", equalTo(100.0));
    }

    @Test
    void theAgentFilterKeepsTheTicketsAssignedToThemAndLeavesDeflectionsOut() {
        fixture();
        // alice: A, C and E
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> overview(
                Map.of("granularity", "week", "zone", "Asia/Tokyo", "agent", "alice"))
                .statusCode(200)
                .body("agent", equalTo("alice"))
                .body("overview.series.created", equalTo(List.of(1, 0, 1, 1)))
                .body("overview.series.solved", equalTo(List.of(0, 1, 1, 0)))
                .body("overview.series.backlog", equalTo(plus(openBefore(Map.of("agent", "alice")), 1, 0, 0, 0)))
                .body("overview.series.deflected", equalTo(Arrays.asList(null, null, null, null)))
                .body("overview.series.slaMet", equalTo(List.of(0, 2, 2, 1)))
                .body("overview.totals.created", equalTo(3))
                .body("overview.totals.backlogAtEnd", equalTo(openBefore(Map.of("agent", "alice"))))
                .body("overview.totals.deflected", nullValue())
                .body("overview.totals.deflectionRatePercent", nullValue())
                .body("overview.totals.csatPercent", equalTo(50.0))
                .body("overview.channelMix", equalTo(Map.of("email", 2, "chat", 1)))
                .body("overview.createdByQueue", equalTo(Map.of("billing", 2, "tech", 1)))
                .body("overview.solvedByAgent", equalTo(Map.of("alice", 2))));
        // bob: B and D; D solved (a solve event) and reopened, so no ticket of his is solved at the end of the range
        overview(Map.of("granularity", "week", "zone", "Asia/Tokyo", "agent", "bob"))
                .statusCode(200)
                .body("overview.series.created", equalTo(List.of(0, 1, 1, 0)))
                .body("overview.series.reopened", equalTo(List.of(0, 0, 0, 1)))
                .body("overview.series.backlog", equalTo(plus(openBefore(Map.of("agent", "bob")), 0, 1, 1, 2)))
                .body("overview.totals.solved", equalTo(1))
                .body("overview.totals.csatPercent", equalTo(100.0))
                .body("overview.totals.oneTouchPercent", nullValue())
                .body("overview.totals.responseRatePercent", nullValue())
                .body("overview.solvedByAgent", equalTo(Map.of()));
    }

    /**
     * The backlog runs on from the beginning: other tests' tickets still open, all created before March 2038, are in
     * it too. This is their number (with the same filters), from the backlog at the end of February 2038.
     */
    static int openBefore(Map<String, String> filters) {
        Map<String, String> params = new java.util.HashMap<>(filters);
        params.putAll(Map.of("from", "2038-02-01T00:00:00+09:00", "to", "2038-03-01T00:00:00+09:00", "granularity", "month"));
        return overview(params).statusCode(200).extract().path("overview.totals.backlogAtEnd");
    }

    /** The backlog computed by hand for this class's tickets, plus the tickets open before them. */
    static List<Integer> plus(int openBefore, int... backlog) {
        return Arrays.stream(backlog).map(b -> openBefore + b).boxed().toList();
    }

    static ValidatableResponse overview(Map<String, String> params) {
        var request = given().config(io.restassured.RestAssured.config().jsonConfig(io.restassured.config.JsonConfig.jsonConfig()
                        .numberReturnType(io.restassured.path.json.config.JsonPathConfig.NumberReturnType.DOUBLE)))
                .auth().oauth2(token());
        Map<String, String> query = new java.util.HashMap<>(Map.of("from", FROM, "to", TO));
        query.putAll(params);
        query.forEach(request::queryParam);
        return request.when().get("/api/v1/stats/overview").then();
    }

    private static void created(long id, String channel, String at, String queue, String agent) {
        ticket(id, "created.v1", "{\"ticketId\":%d,\"channel\":\"%s\",\"status\":\"new\",\"createdAt\":\"%s\"}".formatted(id, channel, at));
        ticket(id, "assigned.v1", "{\"ticketId\":%d,\"queue\":\"%s\",\"assignee\":\"%s\"}".formatted(id, queue, agent));
    }

    private static void reply(long id, String at) {
        ticket(id, "message-added.v1", "{\"ticketId\":%d,\"message\":{\"messageId\":9,\"authorType\":\"agent\",\"visibility\":\"public\",\"body\":\"ok\",\"createdAt\":\"%s\"}}"
                .formatted(id, at));
    }

    private static void status(long id, String from, String to, boolean reopened, String at) {
        ticket(id, "status-changed.v1", "{\"ticketId\":%d,\"from\":\"%s\",\"to\":\"%s\",\"reopened\":%s,\"changedAt\":\"%s\"}"
                .formatted(id, from, to, reopened, at));
    }

    private static void rated(long id, String rating, String at) {
        ticket(id, "satisfaction-rated.v1", "{\"ticketId\":%d,\"rating\":\"%s\",\"ratedAt\":\"%s\"}".formatted(id, rating, at));
    }

    private static void measured(long id, String metric, String endedAt, long seconds, long businessSeconds, boolean breached) {
        escalation(id, "sla-measured.v1", ("{\"ticketId\":%d,\"metric\":\"%s\",\"priority\":\"normal\",\"startedAt\":\"2038-03-01T00:00:00Z\","
                + "\"endedAt\":\"%s\",\"elapsedSeconds\":%d,\"elapsedBusinessSeconds\":%d,\"runningSeconds\":%d,\"runningBusinessSeconds\":%d,"
                + "\"breached\":%s}").formatted(id, metric, endedAt, seconds, businessSeconds, seconds, businessSeconds, breached));
    }

    private static void deflected(String channel, String receivedAt) {
        String key = channel + ":web/" + UUID.randomUUID();
        TestProducer.sendCloudEvent("inquiries.v1", key, UUID.randomUUID(), "io.madoguchi.inquiry.deflected.v1",
                "{\"inquiryId\":\"%s\",\"receivedAt\":\"%s\",\"channel\":\"%s\",\"source\":\"web\",\"conversationKey\":\"%s\",\"body\":\"hours?\"}"
                        .formatted(UUID.randomUUID(), receivedAt, channel, key));
    }

    private static void ticket(long id, String type, String data) {
        TestProducer.sendCloudEvent("tickets.v1", Long.toString(id), UUID.randomUUID(), "io.madoguchi.ticket." + type, data);
    }

    private static void escalation(long id, String type, String data) {
        TestProducer.sendCloudEvent("escalations.v1", Long.toString(id), UUID.randomUUID(), "io.madoguchi.escalation." + type, data);
    }

    static String token() {
        return AnalyticsTestResource.tokens().mint("lead", Set.of("agent"), Duration.ofMinutes(5));
    }
}
