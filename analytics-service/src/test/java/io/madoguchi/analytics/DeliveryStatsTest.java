package io.madoguchi.analytics;

import static io.madoguchi.analytics.Events.DELIVERY_FAILED;
import static io.madoguchi.analytics.Events.DELIVERY_SENT;
import static io.madoguchi.analytics.Events.deliveryFailed;
import static io.madoguchi.analytics.Events.deliverySent;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.madoguchi.chassis.consumer.DeadLetters;
import io.madoguchi.chassis.testing.ConsumerProbes;
import io.madoguchi.chassis.testing.ServiceTestResource;
import io.madoguchi.chassis.testing.TestProducer;
import io.madoguchi.chassis.testing.TopicReader;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

/**
 * ingest-service's delivery outcomes on deliveries.v1 become counts per channel and kind: each delivery once, by its
 * latest outcome; a failure followed by a sending is a recovery, not a failure; the reasons are counted without the
 * customers' addresses. Every event sent is checked against ingest-service's schema first ({@link Events}).
 */
@QuarkusTest
@WithTestResource(AnalyticsTestResource.class)
class DeliveryStatsTest {

    private static final String PATH = "/api/v1/stats/deliveries";
    private static final String APPLIED = "SELECT count(*) FROM delivery_outcome WHERE event_id = ?";

    @Test
    void eachDeliveryCountsOnceByItsLatestOutcomeAFailureThenASendingAsRecoveredAndTheReasonsWithoutAddresses() throws Exception {
        // a day of its own: only this test's deliveries are in its range
        String day = "2041-%02d-%02d".formatted(ThreadLocalRandom.current().nextInt(1, 13), ThreadLocalRandom.current().nextInt(1, 29));
        String nextDay = LocalDate.parse(day).plusDays(1).toString();
        long ticket = ThreadLocalRandom.current().nextLong(1_000_000, 1_000_000_000);
        UUID sentReply = UUID.randomUUID(), bounced = UUID.randomUUID(), bouncedAcknowledgement = UUID.randomUUID();
        UUID retried = UUID.randomUUID(), throttled = UUID.randomUUID(), tomorrow = UUID.randomUUID();

        UUID sentEvent = UUID.randomUUID(), bouncedEvent = UUID.randomUUID();
        String sentData = deliverySent(sentReply, ticket, "reply", "email", "hanako@example.jp", 1, day + "T01:00:00Z");
        send(sentEvent, ticket, DELIVERY_SENT, sentData);
        send(sentEvent, ticket, DELIVERY_SENT, sentData);
        String bouncedData = deliveryFailed(bounced, ticket + 1, "reply", "email", "hanako@example.jp", 1,
                "SMTP 550: 5.1.1 <hanako@example.jp>: user unknown", true, day + "T02:00:00Z");
        send(bouncedEvent, ticket + 1, DELIVERY_FAILED, bouncedData);
        send(bouncedEvent, ticket + 1, DELIVERY_FAILED, bouncedData);
        send(UUID.randomUUID(), ticket + 2, DELIVERY_FAILED, deliveryFailed(bouncedAcknowledgement, ticket + 2, "acknowledgement", "email",
                "taro@example.jp", 1, "SMTP 550: 5.1.1 <taro@example.jp>: user unknown", true, day + "T03:00:00Z"));
        // failed after its attempts ran out, retried by an agent, then sent
        String lineUser = "U4af4980629a1b2c3d4e5f60718293a4b";
        send(UUID.randomUUID(), ticket + 3, DELIVERY_FAILED, deliveryFailed(retried, ticket + 3, "reply", "line", lineUser, 5,
                "LINE 500: Internal Server Error", false, day + "T04:00:00Z"));
        send(UUID.randomUUID(), ticket + 3, DELIVERY_SENT, deliverySent(retried, ticket + 3, "reply", "line", lineUser, 1, day + "T05:00:00Z"));
        send(UUID.randomUUID(), ticket + 4, DELIVERY_FAILED, deliveryFailed(throttled, ticket + 4, "survey", "slack",
                "C0123ABCD/1733300000.123456", 5, "Slack ratelimited on C0123ABCD", false, day + "T06:00:00Z"));
        // at the end of the range: the next day's
        send(UUID.randomUUID(), ticket + 5, DELIVERY_FAILED, deliveryFailed(tomorrow, ticket + 5, "reply", "email", "jiro@example.jp", 1,
                "SMTP 550: 5.1.1 <jiro@example.jp>: user unknown", true, nextDay + "T00:00:00Z"));

        // the next day's failure first: once it is counted there, the range below is seen without it
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> deliveries(nextDay + "T00:00:00Z", nextDay + "T00:00:01Z")
                .body("totals", equalTo(counts(0, 1, 1, 0))));
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> deliveries(day + "T00:00:00Z", nextDay + "T00:00:00Z")
                .body("totals", equalTo(counts(2, 3, 2, 1)))
                .body("byChannel.email", equalTo(counts(1, 2, 2, 0)))
                .body("byChannel.line", equalTo(counts(1, 0, 0, 1)))
                .body("byChannel.slack", equalTo(counts(0, 1, 0, 0)))
                .body("byChannelAndKind.email.reply", equalTo(counts(1, 1, 1, 0)))
                .body("byChannelAndKind.email.acknowledgement", equalTo(counts(0, 1, 1, 0)))
                .body("byChannelAndKind.line.reply", equalTo(counts(1, 0, 0, 1)))
                .body("byChannelAndKind.slack.survey", equalTo(counts(0, 1, 0, 0)))
                .body("topFailureReasons", equalTo(List.of(
                        Map.of("channel", "email", "reason", "SMTP 550: 5.1.1 <[email]>: user unknown", "deliveries", 2),
                        Map.of("channel", "slack", "reason", "Slack ratelimited on [id]", "deliveries", 1))))
                .body(not(containsString("example.jp"))).body(not(containsString("C0123ABCD"))));

        try (Connection db = ServiceTestResource.database()) {
            assertEquals("SMTP 550: 5.1.1 <[email]>: user unknown", ConsumerProbes.rows(db,
                    "SELECT reason FROM delivery_outcome WHERE delivery_id = ?", bounced).get(0), "the reason is kept normalised only");
            assertEquals(List.of(), ConsumerProbes.rows(db, "SELECT column_name FROM information_schema.columns"
                    + " WHERE table_name = 'delivery_outcome' AND column_name LIKE '%recipient%'"), "no recipient is kept");
        }
    }

    @Test
    void anOutcomeOlderThanTheOneKeptDoesNotReplaceItThoughAnOlderFailureStillMakesTheSendingARecovery() throws Exception {
        String day = "2042-%02d-%02d".formatted(ThreadLocalRandom.current().nextInt(1, 13), ThreadLocalRandom.current().nextInt(1, 29));
        long ticket = ThreadLocalRandom.current().nextLong(1_000_000, 1_000_000_000);
        UUID sentLate = UUID.randomUUID(), failedLate = UUID.randomUUID(), acknowledgement = UUID.randomUUID();
        // one ticket, so one partition: read in the order sent, each delivery's newer outcome first
        UUID sent = send(UUID.randomUUID(), ticket, DELIVERY_SENT, deliverySent(sentLate, ticket, "reply", "email", "hanako@example.jp", 2,
                day + "T10:00:00Z"));
        send(UUID.randomUUID(), ticket, DELIVERY_FAILED, deliveryFailed(sentLate, ticket, "reply", "email", "hanako@example.jp", 1,
                "SMTP 451: 4.3.0 temporary failure", false, day + "T09:00:00Z"));
        UUID failed = send(UUID.randomUUID(), ticket, DELIVERY_FAILED, deliveryFailed(failedLate, ticket, "reply", "email",
                "hanako@example.jp", 1, "SMTP 552: 5.2.2 mailbox full", true, day + "T10:00:00Z"));
        send(UUID.randomUUID(), ticket, DELIVERY_SENT, deliverySent(failedLate, ticket, "reply", "email", "hanako@example.jp", 1,
                day + "T09:00:00Z"));
        // sent after them on the same partition: once it is applied, so are they
        UUID marker = send(UUID.randomUUID(), ticket, DELIVERY_SENT, deliverySent(acknowledgement, ticket, "acknowledgement", "email",
                "hanako@example.jp", 1, day + "T11:00:00Z"));
        awaitApplied(marker);

        try (Connection db = ServiceTestResource.database()) {
            String row = "SELECT status || ' ' || to_char(at AT TIME ZONE 'UTC', 'HH24:MI') || ' ' || event_id || ' '"
                    + " || coalesce(to_char(first_failed_at AT TIME ZONE 'UTC', 'HH24:MI'), '-') || ' ' || coalesce(reason, '-')"
                    + " FROM delivery_outcome WHERE delivery_id = ?";
            assertEquals("sent 10:00 " + sent + " 09:00 -", ConsumerProbes.rows(db, row, sentLate).get(0));
            assertEquals("failed 10:00 " + failed + " 10:00 SMTP 552: 5.2.2 mailbox full", ConsumerProbes.rows(db, row, failedLate).get(0));
        }
        deliveries(day + "T00:00:00Z", LocalDate.parse(day).plusDays(1) + "T00:00:00Z")
                .body("totals", equalTo(counts(2, 1, 1, 1)))
                .body("topFailureReasons", hasSize(1)).body("topFailureReasons[0].reason", equalTo("SMTP 552: 5.2.2 mailbox full"));
    }

    @Test
    void anOutcomeWithoutItsDeliveryIdOrWithoutATimeIsDeadLetteredWithTheReason() {
        String key = "delivery-poison-" + UUID.randomUUID();
        TestProducer.sendCloudEvent("deliveries.v1", key, UUID.randomUUID(), DELIVERY_FAILED,
                "{\"ticketId\":7,\"kind\":\"reply\",\"channel\":\"email\",\"attempts\":1,\"reason\":\"x\",\"failedAt\":\"2041-01-01T00:00:00Z\"}");
        TestProducer.sendCloudEvent("deliveries.v1", key, UUID.randomUUID(), DELIVERY_SENT, ("{\"deliveryId\":\"%s\",\"ticketId\":7,"
                + "\"kind\":\"reply\",\"channel\":\"email\",\"attempts\":1,\"sentAt\":\"soon\"}").formatted(UUID.randomUUID()));
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> ConsumerProbes.deadLetters("deliveries.v1", key).size() == 2);
        List<ConsumerRecord<String, String>> letters = ConsumerProbes.deadLetters("deliveries.v1", key);
        List<String> reasons = letters.stream().map(r -> TopicReader.header(r, DeadLetters.REASON)).toList();
        assertTrue(reasons.stream().anyMatch(r -> r.contains("names no deliveryId")), reasons.toString());
        assertTrue(reasons.stream().anyMatch(r -> r.contains("has no sentAt time")), reasons.toString());
        letters.forEach(letter -> assertEquals("poison", TopicReader.header(letter, DeadLetters.KIND)));
    }

    @Test
    void deliveryStatsNeedAnAgentTokenAndAValidRangeAndAnswerProblemsOtherwise() {
        given().when().get(PATH).then().statusCode(401).contentType("application/problem+json");
        given().auth().oauth2(token("requester")).when().get(PATH).then().statusCode(403);
        given().auth().oauth2(token("agent")).queryParam("from", "last week").when().get(PATH)
                .then().statusCode(400).contentType("application/problem+json").body("detail", containsString("'from'"));
        given().auth().oauth2(token("agent")).queryParam("from", "2041-01-02T00:00:00Z").queryParam("to", "2041-01-01T00:00:00Z")
                .when().get(PATH).then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("'from' must be before 'to'"));
        given().auth().oauth2(token("admin")).when().get(PATH).then().statusCode(200);
    }

    @Test
    void byDefaultTheLastThirtyDaysWithAFormulaForEachFigureThatTheReadmeLists() throws Exception {
        Map<String, Object> report = given().auth().oauth2(token("agent")).when().get(PATH).then().statusCode(200).extract().jsonPath().getMap("");
        Duration range = Duration.between(OffsetDateTime.parse((String) report.get("from")),
                OffsetDateTime.parse((String) report.get("to")));
        assertEquals(Duration.ofDays(30), range);
        @SuppressWarnings("unchecked")
        Set<String> formulas = ((Map<String, String>) report.get("formulas")).keySet();
        @SuppressWarnings("unchecked")
        Set<String> figures = ((Map<String, Object>) report.get("totals")).keySet();
        assertEquals(Set.of("sent", "failed", "failedPermanently", "recovered"), figures);
        assertTrue(formulas.containsAll(figures) && formulas.contains("topFailureReasons"), "formulas: " + formulas);
        String readme = Files.readString(Path.of("README.md"));
        assertEquals(List.of(), formulas.stream().filter(k -> !readme.contains("| `" + k + "` |")).toList(), "formulas the README does not list");
    }

    private static Map<String, Integer> counts(int sent, int failed, int failedPermanently, int recovered) {
        return Map.of("sent", sent, "failed", failed, "failedPermanently", failedPermanently, "recovered", recovered);
    }

    private static UUID send(UUID eventId, long ticketId, String type, String data) {
        TestProducer.sendCloudEvent("deliveries.v1", Long.toString(ticketId), eventId, type, data);
        return eventId;
    }

    private static void awaitApplied(UUID eventId) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
            try (Connection db = ServiceTestResource.database()) {
                return ConsumerProbes.count(db, APPLIED, eventId) == 1;
            }
        });
    }

    private static ValidatableResponse deliveries(String from, String to) {
        return given().auth().oauth2(token("agent")).queryParam("from", from).queryParam("to", to).when().get(PATH).then().statusCode(200);
    }

    private static String token(String role) {
        return AnalyticsTestResource.tokens().mint("lead", Set.of(role), Duration.ofMinutes(5));
    }
}
