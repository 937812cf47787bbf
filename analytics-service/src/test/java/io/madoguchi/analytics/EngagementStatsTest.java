package io.madoguchi.analytics;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.madoguchi.chassis.testing.TestProducer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** A fixed day of ticket events, and the figures computed for it by hand. */
@QuarkusTest
@WithTestResource(AnalyticsTestResource.class)
class EngagementStatsTest {

    private static final String T = "io.madoguchi.ticket.";

    @Test
    void satisfactionAndEngagementMatchHandComputedFigures() {
        String day = "2032-03-%02d".formatted(ThreadLocalRandom.current().nextInt(1, 29));
        long base = ThreadLocalRandom.current().nextLong(1_000_000, 1_000_000_000);
        long t1 = base + 1, t2 = base + 2, t3 = base + 3, t4 = base + 4;

        // T1: email, billing/alice, replied after 1 h, macro, solved, rated good: one touch
        send(t1, "created.v1", "{\"ticketId\":%d,\"channel\":\"email\",\"status\":\"new\",\"createdAt\":\"%sT09:00:00Z\"}".formatted(t1, day));
        send(t1, "assigned.v1", "{\"ticketId\":%d,\"queue\":\"billing\",\"assignee\":\"alice\"}".formatted(t1));
        send(t1, "macro-applied.v1", "{\"ticketId\":%d,\"macroId\":1,\"macroName\":\"invoice\"}".formatted(t1));
        send(t1, "message-added.v1", reply(t1, day + "T10:00:00Z", "public"));
        send(t1, "status-changed.v1", status(t1, "open", "solved", false, day + "T11:00:00Z"));
        send(t1, "satisfaction-rated.v1", "{\"ticketId\":%d,\"rating\":\"good\",\"score\":5,\"ratedAt\":\"%sT12:00:00Z\"}".formatted(t1, day));
        // T2: slack, success/bob, an internal note (not a reply), replies after 3 h and 4 h, solved, reopened, solved, rated bad
        send(t2, "created.v1", "{\"ticketId\":%d,\"channel\":\"slack\",\"status\":\"new\",\"createdAt\":\"%sT09:00:00Z\"}".formatted(t2, day));
        send(t2, "assigned.v1", "{\"ticketId\":%d,\"queue\":\"success\",\"assignee\":\"bob\"}".formatted(t2));
        send(t2, "message-added.v1", reply(t2, day + "T09:30:00Z", "internal"));
        send(t2, "message-added.v1", reply(t2, day + "T12:00:00Z", "public"));
        send(t2, "message-added.v1", reply(t2, day + "T13:00:00Z", "public"));
        send(t2, "status-changed.v1", status(t2, "open", "solved", false, day + "T14:00:00Z"));
        send(t2, "status-changed.v1", status(t2, "solved", "open", true, day + "T15:00:00Z"));
        send(t2, "status-changed.v1", status(t2, "open", "solved", false, day + "T16:00:00Z"));
        send(t2, "satisfaction-rated.v1", "{\"ticketId\":%d,\"rating\":\"bad\",\"ratedAt\":\"%sT17:00:00Z\"}".formatted(t2, day));
        // T3: never answered
        send(t3, "created.v1", "{\"ticketId\":%d,\"channel\":\"email\",\"status\":\"new\",\"createdAt\":\"%sT10:00:00Z\"}".formatted(t3, day));
        // T4: no queue, replied after 30 min, a 1-5 score of 4 (ticket-service sends it as good), not solved
        send(t4, "created.v1", "{\"ticketId\":%d,\"channel\":\"line\",\"status\":\"new\",\"createdAt\":\"%sT10:00:00Z\"}".formatted(t4, day));
        send(t4, "message-added.v1", reply(t4, day + "T10:30:00Z", "public"));
        send(t4, "satisfaction-rated.v1", "{\"ticketId\":%d,\"rating\":\"good\",\"score\":4,\"ratedAt\":\"%sT18:00:00Z\"}".formatted(t4, day));

        String from = day + "T00:00:00Z";
        String to = day + "T23:59:59Z";
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(token())
                .queryParam("from", from).queryParam("to", to)
                .when().get("/api/v1/stats/satisfaction")
                .then().statusCode(200)
                .body("overall.rated", equalTo(3)).body("overall.good", equalTo(2)).body("overall.bad", equalTo(1))
                .body("overall.csatPercent", equalTo(66.67f))
                .body("byQueue.billing.csatPercent", equalTo(100.0f))
                .body("byQueue.success.csatPercent", equalTo(0.0f))
                .body("byQueue.none.good", equalTo(1))
                .body("byAgent.alice.good", equalTo(1))
                .body("byChannel.slack.bad", equalTo(1)));

        // p50 of {0.5, 1, 3} h is 1; p90 (continuous) is 1 + 0.8 × (3 − 1) = 2.6
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(token())
                .queryParam("from", from).queryParam("to", to)
                .when().get("/api/v1/stats/engagement")
                .then().statusCode(200)
                .body("ticketsCreated", equalTo(4)).body("firstReplied", equalTo(3))
                .body("firstReplyHoursP50", equalTo(1.0f)).body("firstReplyHoursP90", equalTo(2.6f))
                .body("ticketsSolved", equalTo(2))
                .body("oneTouchResolutionPercent", equalTo(50.0f))
                .body("reopenPercent", equalTo(50.0f))
                .body("templateCoveragePercent", equalTo(50.0f))
                .body("repliesPerSolvedTicket", equalTo(1.5f)));

        given().auth().oauth2(token()).queryParam("from", from).queryParam("to", to).queryParam("queue", "billing")
                .when().get("/api/v1/stats/satisfaction").then().statusCode(200).body("overall.rated", equalTo(1));
        given().auth().oauth2(token()).queryParam("to", "tomorrow").when().get("/api/v1/stats/engagement")
                .then().statusCode(400).contentType("application/problem+json");
    }

    private static String reply(long ticketId, String at, String visibility) {
        return "{\"ticketId\":%d,\"message\":{\"messageId\":1,\"authorType\":\"agent\",\"visibility\":\"%s\",\"channel\":\"email\",\"body\":\"b\",\"createdAt\":\"%s\"}}"
                .formatted(ticketId, visibility, at);
    }

    private static String status(long ticketId, String from, String to, boolean reopened, String at) {
        return "{\"ticketId\":%d,\"from\":\"%s\",\"to\":\"%s\",\"reopened\":%s,\"changedAt\":\"%s\"}".formatted(ticketId, from, to, reopened, at);
    }

    private static void send(long ticketId, String type, String data) {
        TestProducer.sendCloudEvent("tickets.v1", Long.toString(ticketId), UUID.randomUUID(), T + type, data);
    }

    private static String token() {
        return AnalyticsTestResource.tokens().mint("lead", Set.of("agent"), Duration.ofMinutes(5));
    }
}
