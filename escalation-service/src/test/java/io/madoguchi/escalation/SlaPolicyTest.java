package io.madoguchi.escalation;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.madoguchi.chassis.testing.TestProducer;
import io.madoguchi.chassis.testing.TopicReader;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;

/** The SLA policy through the admin API; test configuration: "high" has 3-second calendar-time reply targets. */
@QuarkusTest
@WithTestResource(EscalationTestResource.class)
class SlaPolicyTest {

    private static final String POLICY = "/api/v1/sla/policy";
    private final ObjectMapper json = new ObjectMapper();

    @Inject
    Pool pool;

    /** Later tests expect the configured policy and the built-in routing rules: save them again. */
    @AfterEach
    void restoreConfiguredPolicyAndRules() {
        String policy = given().auth().oauth2(token("admin")).get(POLICY + "/versions/0").then().statusCode(200).extract().asString();
        given().auth().oauth2(token("admin")).contentType("application/json").body(policy).put(POLICY).then().statusCode(200);
        String rules = given().auth().oauth2(token("admin")).get("/api/v1/routing/rules/versions/0").then().statusCode(200).extract().asString();
        given().auth().oauth2(token("admin")).contentType("application/json").body(rules).put("/api/v1/routing/rules").then().statusCode(200);
    }

    @Test
    void theConfiguredPolicyIsVersionZeroAndWhatGetReturnsCanBeSavedAsTheNextVersion() {
        String configured = given().auth().oauth2(token("admin")).get(POLICY + "/versions/0")
                .then().statusCode(200)
                .body("version", equalTo(0))
                .body("calendar.zone", equalTo("Asia/Tokyo"))
                .body("calendar.hours", equalTo("mon-fri 09:00-18:00"))
                .body("warnAtPercent", equalTo(75))
                .body("targets.find { it.priority == 'high' && it.queue == null }.firstReply", equalTo("PT3S"))
                .body("targets.find { it.priority == 'high' && it.queue == null }.businessHours", equalTo(false))
                .body("targets.find { it.queue == 'vip-sla' }.firstReply", equalTo("PT2S"))
                .body("onBreach.'next-reply'.queue", equalTo("dev-oncall-sla"))
                .extract().asString();
        int saved = given().auth().oauth2(token("admin")).contentType("application/json").body(configured).put(POLICY)
                .then().statusCode(200).body("savedBy", equalTo("someone")).extract().path("version");
        assertTrue(saved >= 1);
        given().auth().oauth2(token("admin")).get(POLICY).then().statusCode(200).body("version", equalTo(saved))
                .body("targets.find { it.priority == 'high' && it.queue == null }.firstReply", equalTo("PT3S"));
        given().auth().oauth2(token("admin")).get(POLICY + "/versions").then().statusCode(200).body("version", hasItem(saved));
        given().auth().oauth2(token("admin")).get(POLICY + "/versions/999999").then().statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void aBadPolicyIsRefusedWithEveryFaultNamedAndOnlyAdminsMayChangeIt() {
        given().auth().oauth2(token("admin")).contentType("application/yaml").body("""
                        calendar: {zone: Mars/Olympus, hours: "mon-fri 18:00-09:00"}
                        warnAtPercent: 120
                        targets:
                          - {priority: urgent, firstReply: PT0S}
                          - {priority: extreme, firstReply: PT1H}
                          - {priority: urgent, resolution: PT8H}
                        onBreach:
                          first-answer: {raisePriority: true}
                          resolution: {notifyOnCall: true}
                        """.getBytes(StandardCharsets.UTF_8))
                .put(POLICY).then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItems("calendar.zone", "calendar.hours", "warnAtPercent", "targets[0].firstReply",
                        "targets[1].priority", "targets[2]", "onBreach.first-answer", "onBreach.resolution.notifyOnCall"));
        given().auth().oauth2(token("admin")).contentType("application/json")
                .body("{\"calendar\":{\"zone\":\"UTC\",\"hours\":\"mon-fri 09:00-17:00\"},\"targets\":[{\"priority\":\"high\",\"firstReplly\":\"PT1H\"}]}")
                .put(POLICY).then().statusCode(400).body("errors[0].field", equalTo("targets[0].firstReplly"));
        given().auth().oauth2(token("admin")).contentType("application/json")
                .body("{\"calendar\":{\"zone\":\"UTC\",\"hours\":\"mon-fri 09:00-17:00\"},\"targets\":[{\"priority\":\"high\",\"firstReply\":\"an hour\"}]}")
                .put(POLICY).then().statusCode(400).body("errors[0].field", equalTo("targets[0].firstReply"));
        given().auth().oauth2(token("admin")).contentType("application/json").body("{\"calendar\":")
                .put(POLICY).then().statusCode(400).contentType("application/problem+json");
        given().contentType("application/json").body("{}").put(POLICY).then().statusCode(401);
        given().auth().oauth2(token("agent")).contentType("application/json").body("{}").put(POLICY).then().statusCode(403);
        given().auth().oauth2(token("agent")).get(POLICY).then().statusCode(403);
        given().auth().oauth2(token("admin")).get(POLICY).then().statusCode(200).body("version", equalTo(currentVersion()));
    }

    @Test
    void theDryRunCountsBusinessHoursAcrossTheWeekendAndAJapaneseHoliday() {
        savePolicy("""
                calendar: {zone: Asia/Tokyo, hours: "mon-fri 09:00-18:00", japaneseHolidays: true, closures: [2026-12-31]}
                targets:
                  - {priority: normal, firstReply: PT1H, resolution: PT8H}
                  - {priority: urgent, firstReply: PT1H, businessHours: false}
                """);
        given().auth().oauth2(token("admin")).contentType("application/json")
                .body("{\"priority\":\"normal\",\"at\":\"2026-11-27T08:50:00Z\"}")
                .post(POLICY + "/dry-run").then().statusCode(200)
                .body("clocks.find { it.metric == 'first-reply' }.dueAt", equalTo("2026-11-30T00:50:00Z"))
                .body("clocks.find { it.metric == 'first-reply' }.warnAt", equalTo("2026-11-30T00:35:00Z"))
                .body("clocks.find { it.metric == 'resolution' }.target", equalTo("PT8H"));
        // Friday 2027-01-08 17:50 JST: Monday the 11th is 成人の日, so Tuesday 09:50
        given().auth().oauth2(token("admin")).contentType("application/json")
                .body("{\"priority\":\"normal\",\"at\":\"2027-01-08T08:50:00Z\"}")
                .post(POLICY + "/dry-run").then().statusCode(200)
                .body("clocks.find { it.metric == 'first-reply' }.dueAt", equalTo("2027-01-12T00:50:00Z"));
        // Wednesday 2026-12-30 17:30 JST: the 31st is a closure day and 1 January a holiday
        given().auth().oauth2(token("admin")).contentType("application/json")
                .body("{\"priority\":\"normal\",\"at\":\"2026-12-30T08:30:00Z\"}")
                .post(POLICY + "/dry-run").then().statusCode(200)
                .body("clocks.find { it.metric == 'first-reply' }.dueAt", equalTo("2027-01-04T00:30:00Z"));
        given().auth().oauth2(token("admin")).contentType("application/json")
                .body("{\"priority\":\"urgent\",\"at\":\"2026-11-27T08:50:00Z\"}")
                .post(POLICY + "/dry-run").then().statusCode(200)
                .body("clocks.size()", equalTo(1))
                .body("clocks[0].dueAt", equalTo("2026-11-27T09:50:00Z"));
        given().auth().oauth2(token("admin")).contentType("application/json").body("{}")
                .post(POLICY + "/dry-run").then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void aSegmentsOwnTargetWinsOverItsPrioritysAndItsBreachFiresOnTime() throws Exception {
        String domain = "c" + UUID.randomUUID().toString().substring(0, 8) + ".example";
        given().auth().oauth2(token("admin")).contentType("application/yaml").body("""
                        segments: {enterprise: [%s]}
                        rules:
                          - {name: default, then: {queue: tier1}}
                        """.formatted(domain).getBytes(StandardCharsets.UTF_8))
                .put("/api/v1/routing/rules").then().statusCode(200);
        ObjectNode policy = configuredPolicy();
        policy.withArray("targets").addObject().put("priority", "normal").put("segment", "enterprise")
                .put("firstReply", "PT2S").put("businessHours", false);
        given().auth().oauth2(token("admin")).contentType("application/json").body(policy.toString()).put(POLICY).then().statusCode(200);

        long enterprise = ThreadLocalRandom.current().nextLong(1_000, 1_000_000_000);
        long other = enterprise + 1;
        Instant created = Instant.now();
        ticketCreated(enterprise, "normal", "kim@jp." + domain, created);
        ticketCreated(other, "normal", "kim@elsewhere.example", created);

        List<ConsumerRecord<String, String>> events = eventsOf(enterprise, "io.madoguchi.escalation.sla-breached.v1", Duration.ofSeconds(10));
        JsonNode breach = data(events, "io.madoguchi.escalation.sla-breached.v1");
        assertEquals("first-reply", breach.get("metric").asText());
        assertEquals(Duration.ofSeconds(2).toMillis(), Duration.between(created, Instant.parse(breach.get("dueAt").asText())).toMillis(), 1_000);
        String segment = pool.preparedQuery("SELECT segment FROM sla_clock WHERE ticket_id = $1 AND metric = 'first-reply'")
                .execute(Tuple.of(enterprise)).await().atMost(Duration.ofSeconds(5)).iterator().next().getString("segment");
        assertEquals("enterprise", segment);
        OffsetDateTime otherDue = pool.preparedQuery("SELECT due_at FROM sla_clock WHERE ticket_id = $1 AND metric = 'first-reply'")
                .execute(Tuple.of(other)).await().atMost(Duration.ofSeconds(5)).iterator().next().getOffsetDateTime("due_at");
        assertTrue(otherDue.toInstant().isAfter(created.plus(Duration.ofHours(1))), "other requesters keep the priority's business-hours target");
    }

    @Test
    void aNewCalendarReschedulesRunningBusinessHoursClocksRightAfterTheSave() throws Exception {
        long id = ThreadLocalRandom.current().nextLong(1_000, 1_000_000_000);
        ticketCreated(id, "normal", "ren@example.org", Instant.now());
        awaitClock(id);
        // round the clock in UTC, but closed for the next 30 days: far later than any office calendar would put it
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        ObjectNode policy = configuredPolicy();
        ObjectNode calendar = (ObjectNode) policy.get("calendar");
        calendar.put("zone", "UTC").put("hours", "mon-sun 00:00-24:00").put("japaneseHolidays", false);
        ArrayNode closures = calendar.putArray("closures");
        for (int day = 0; day < 30; day++) {
            closures.add(today.plusDays(day).toString());
        }
        int version = given().auth().oauth2(token("admin")).contentType("application/json").body(policy.toString()).put(POLICY)
                .then().statusCode(200).extract().path("version");
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> pool.preparedQuery(
                "SELECT calendar_version FROM sla_clock WHERE ticket_id = $1 AND metric = 'first-reply'")
                .execute(Tuple.of(id)).await().atMost(Duration.ofSeconds(5)).iterator().next().getLong(0) == version);
        Row clock = pool.preparedQuery("SELECT due_at, consumed_seconds FROM sla_clock WHERE ticket_id = $1 AND metric = 'first-reply'")
                .execute(Tuple.of(id)).await().atMost(Duration.ofSeconds(5)).iterator().next();
        Instant reopens = today.plusDays(30).atStartOfDay(ZoneOffset.UTC).toInstant();
        assertEquals(reopens.plusSeconds(8 * 3600 - clock.getLong("consumed_seconds")), clock.getOffsetDateTime("due_at").toInstant(),
                "what is left of the 8 business hours runs from the end of the closures");
    }

    @Test
    void thousandsOfRunningClocksAreRescheduledInChunkedTransactionsWhileRequestsAreAnswered() throws Exception {
        long base = ThreadLocalRandom.current().nextLong(1_000_000_000L, 2_000_000_000L);
        int clocks = 3_000;
        ObjectNode roundTheClock = configuredPolicy();
        ((ObjectNode) roundTheClock.get("calendar")).put("zone", "UTC").put("hours", "mon-sun 00:00-24:00").put("japaneseHolidays", false)
                .putArray("closures");
        int current = given().auth().oauth2(token("admin")).contentType("application/json").body(roundTheClock.toString()).put(POLICY)
                .then().statusCode(200).extract().path("version");
        Instant started = Instant.now().minus(Duration.ofHours(1));
        pool.preparedQuery("""
                INSERT INTO sla_clock (ticket_id, metric, priority, target_seconds, business_hours, consumed_seconds, started_at,
                                       running_since, due_at, calendar_version)
                SELECT $1 + n, 'resolution', 'normal', 86400, true, 0, $2, $2, $2 + interval '3 days', $3
                FROM generate_series(1, $4) AS n""")
                .execute(Tuple.of(base, started.atOffset(ZoneOffset.UTC), current, clocks)).await().atMost(Duration.ofSeconds(30));
        try {
            ObjectNode policy = roundTheClock.deepCopy();
            LocalDate today = LocalDate.now(ZoneOffset.UTC);
            ((ObjectNode) policy.get("calendar")).putArray("closures").add(today.toString());
            int version = given().auth().oauth2(token("admin")).contentType("application/json").body(policy.toString()).put(POLICY)
                    .then().statusCode(200).extract().path("version");

            // a blocked event loop would leave these unanswered until the whole catch-up was done
            HttpClient http = HttpClient.newHttpClient();
            HttpRequest health = HttpRequest.newBuilder(URI.create(RestAssured.baseURI + ":" + RestAssured.port + "/q/health/live"))
                    .timeout(Duration.ofSeconds(5)).build();
            int answered = 0;
            while (behind(base, clocks, version) > 0) {
                assertEquals(200, http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode());
                answered++;
            }
            assertTrue(answered > 0);
            long transactions = pool.preparedQuery("SELECT count(DISTINCT xmin::text) FROM sla_clock WHERE ticket_id > $1 AND ticket_id <= $1 + $2")
                    .execute(Tuple.of(base, clocks)).await().atMost(Duration.ofSeconds(5)).iterator().next().getLong(0);
            assertTrue(transactions >= clocks / 500, "rescheduled in chunks of at most 500 clocks, not one transaction: " + transactions);
            Row clock = pool.preparedQuery("SELECT due_at, consumed_seconds FROM sla_clock WHERE ticket_id = $1 AND metric = 'resolution'")
                    .execute(Tuple.of(base + 1)).await().atMost(Duration.ofSeconds(5)).iterator().next();
            Instant reopens = today.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
            assertEquals(reopens.plusSeconds(86_400 - clock.getLong("consumed_seconds")), clock.getOffsetDateTime("due_at").toInstant(),
                    "the hour used counted round the clock, the rest from the end of today's closure");
        } finally {
            pool.preparedQuery("DELETE FROM sla_clock WHERE ticket_id > $1 AND ticket_id <= $1 + $2").execute(Tuple.of(base, clocks))
                    .await().atMost(Duration.ofSeconds(30));
        }
    }

    private long behind(long base, int clocks, long version) {
        return pool.preparedQuery("SELECT count(*) FROM sla_clock WHERE ticket_id > $1 AND ticket_id <= $1 + $2 AND calendar_version < $3")
                .execute(Tuple.of(base, clocks, version)).await().atMost(Duration.ofSeconds(5)).iterator().next().getLong(0);
    }

    private ObjectNode configuredPolicy() throws Exception {
        return (ObjectNode) json.readTree(given().auth().oauth2(token("admin")).get(POLICY + "/versions/0").then().statusCode(200).extract().asString());
    }

    private static void savePolicy(String yaml) {
        given().auth().oauth2(token("admin")).contentType("application/yaml").body(yaml.getBytes(StandardCharsets.UTF_8))
                .put(POLICY).then().statusCode(200);
    }

    private static int currentVersion() {
        return given().auth().oauth2(token("admin")).get(POLICY).then().extract().path("version");
    }

    private void awaitClock(long id) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < until) {
            if (pool.preparedQuery("SELECT 1 FROM sla_clock WHERE ticket_id = $1").execute(Tuple.of(id)).await().atMost(Duration.ofSeconds(5)).size() > 0) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("ticket " + id + " got no SLA clock");
    }

    private static void ticketCreated(long id, String priority, String email, Instant at) {
        TestProducer.sendCloudEvent("tickets.v1", Long.toString(id), UUID.randomUUID(), "io.madoguchi.ticket.created.v1", """
                {"ticketId":%d,"conversationKey":"api:%d","status":"new","priority":"%s","channel":"api","subject":"SLA",
                 "requester":{"contactId":1,"email":"%s"},
                 "createdAt":"%s","message":{"messageId":1,"authorType":"requester","body":"help"}}
                """.formatted(id, id, priority, email, at));
    }

    private static List<ConsumerRecord<String, String>> eventsOf(long id, String awaitedType, Duration wait) {
        String key = Long.toString(id);
        TopicReader.readUntil("escalations.v1", rs -> rs.stream()
                .anyMatch(r -> key.equals(r.key()) && awaitedType.equals(TopicReader.header(r, "ce_type"))), wait);
        // the awaited event comes after every event the test counts: reading to the end offsets sees them all
        return TopicReader.readToEnd("escalations.v1").stream().filter(r -> key.equals(r.key())).toList();
    }

    private JsonNode data(List<ConsumerRecord<String, String>> events, String type) throws Exception {
        return json.readTree(events.stream().filter(r -> type.equals(TopicReader.header(r, "ce_type"))).findFirst().orElseThrow().value());
    }

    private static String token(String role) {
        return EscalationTestResource.tokens().mint("someone", Set.of(role), Duration.ofMinutes(5));
    }
}
