package io.madoguchi.escalation;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterEach;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.madoguchi.chassis.testing.TestProducer;
import io.madoguchi.escalation.service.calendar.BusinessCalendar;
import io.madoguchi.escalation.service.calendar.WeeklyHours;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;

/**
 * Business calendars per queue: a queue named in queueCalendars counts business hours in its own calendar, the
 * others in the default one (Tokyo, weekdays 09:00-18:00, in the test configuration; "normal" tickets get 8 business
 * hours to a first reply).
 */
@QuarkusTest
@WithTestResource(EscalationTestResource.class)
class SlaCalendarsTest {

    private static final String POLICY = "/api/v1/sla/policy";
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final String FIRST_REPLY = "first-reply";
    private static final String RESOLUTION = "resolution";
    /** The configured default calendar. */
    private static final BusinessCalendar TOKYO = new BusinessCalendar(ZoneId.of("Asia/Tokyo"), WeeklyHours.parse("mon-fri 09:00-18:00"), true,
            Set.of());
    private final ObjectMapper json = new ObjectMapper();

    @Inject
    Pool pool;

    /** Later tests expect the configured policy and the built-in routing rules: save them again. */
    @AfterEach
    void restoreConfiguredPolicyAndRules() {
        String policy = given().auth().oauth2(token()).get(POLICY + "/versions/0").then().statusCode(200).extract().asString();
        given().auth().oauth2(token()).contentType("application/json").body(policy).put(POLICY).then().statusCode(200);
        String rules = given().auth().oauth2(token()).get("/api/v1/routing/rules/versions/0").then().statusCode(200).extract().asString();
        given().auth().oauth2(token()).contentType("application/json").body(rules).put("/api/v1/routing/rules").then().statusCode(200);
    }

    @Test
    void aQueueWithANewYorkCalendarGetsItsDueTimesByItWhileOtherQueuesKeepTheTokyoDefault() throws Exception {
        String marker = "us" + UUID.randomUUID().toString().substring(0, 8);
        String queue = "support-" + marker;
        routeToQueue(marker, queue);
        given().auth().oauth2(token()).contentType("application/yaml").body("""
                calendar: {zone: Asia/Tokyo, hours: "mon-fri 09:00-18:00", japaneseHolidays: true}
                calendars:
                  new-york: {zone: America/New_York, hours: "mon-fri 09:00-18:00"}
                queueCalendars: {%s: new-york}
                targets:
                  - {priority: normal, firstReply: PT1H, resolution: PT8H}
                """.formatted(queue).getBytes(StandardCharsets.UTF_8)).put(POLICY).then().statusCode(200)
                .body("calendars.'new-york'.zone", equalTo("America/New_York"))
                .body("queueCalendars.'" + queue + "'", equalTo("new-york"));

        // Friday 27 November 2026, 17:50 in New York, is Saturday 07:50 in Tokyo
        given().auth().oauth2(token()).contentType("application/json")
                .body("{\"priority\":\"normal\",\"queue\":\"" + queue + "\",\"at\":\"2026-11-27T22:50:00Z\"}")
                .post(POLICY + "/dry-run").then().statusCode(200)
                .body("calendar", equalTo("new-york"))
                .body("clocks.find { it.metric == 'first-reply' }.dueAt", equalTo("2026-11-30T14:50:00Z"))
                .body("clocks.find { it.metric == 'resolution' }.dueAt", equalTo("2026-11-30T21:50:00Z"));
        given().auth().oauth2(token()).contentType("application/json")
                .body("{\"priority\":\"normal\",\"queue\":\"tier1\",\"at\":\"2026-11-27T22:50:00Z\"}")
                .post(POLICY + "/dry-run").then().statusCode(200)
                .body("calendar", equalTo("default"))
                .body("clocks.find { it.metric == 'first-reply' }.dueAt", equalTo("2026-11-30T01:00:00Z"));

        // live clocks, for tickets created a year ahead (so nothing breaches meanwhile): Friday 26 November 2027
        Instant created = Instant.parse("2027-11-26T22:50:00Z");
        long american = newTicket(marker + " help", created);
        long other = newTicket("help", created);
        assertEquals(Instant.parse("2027-11-29T14:50:00Z"), firstReplyDue(american), "Monday 09:50 in New York");
        assertEquals(Instant.parse("2027-11-29T01:00:00Z"), firstReplyDue(other), "Monday 10:00 in Tokyo");
    }

    @Test
    void badNamedCalendarsAreRefusedWithTheirPathsAndNothingIsSaved() {
        int before = given().auth().oauth2(token()).get(POLICY).then().extract().path("version");
        given().auth().oauth2(token()).contentType("application/yaml").body("""
                calendar: {zone: Asia/Tokyo, hours: "mon-fri 09:00-18:00"}
                calendars:
                  new-york: {zone: America/NewYork, hours: "mon-fri 09:00-25:00"}
                queueCalendars: {support-us: newyork}
                targets: [{priority: normal, firstReply: PT8H}]
                """.getBytes(StandardCharsets.UTF_8)).put(POLICY).then().statusCode(400).contentType("application/problem+json")
                .body("title", equalTo("Invalid SLA policy"))
                .body("errors.field", hasItems("calendars.new-york.zone", "calendars.new-york.hours", "queueCalendars.support-us"))
                .body("errors.find { it.field == 'queueCalendars.support-us' }.message", containsString("'newyork' is not a calendar"));
        given().auth().oauth2(token()).contentType("application/json")
                .body("{\"calendar\":{\"zone\":\"UTC\",\"hours\":\"mon-fri 09:00-17:00\"},"
                        + "\"calendars\":{\"london\":{\"zone\":\"Europe/London\",\"hour\":\"mon-fri 09:00-17:00\"}}}")
                .put(POLICY).then().statusCode(400)
                .body("errors[0].field", equalTo("calendars.london.hour")).body("errors[0].message", equalTo("not a known field"));
        given().auth().oauth2(token()).get(POLICY).then().statusCode(200).body("version", equalTo(before));
    }

    @Test
    void givingAQueueAnotherCalendarReschedulesItsRunningClocksAndLeavesOtherQueuesOnTheirs() throws Exception {
        String marker = "cal" + UUID.randomUUID().toString().substring(0, 8);
        String queue = "support-" + marker;
        routeToQueue(marker, queue);
        long moved = newTicket(marker + " help", Instant.now());
        long stayed = newTicket("help", Instant.now());
        Instant stayedDue = firstReplyDue(stayed);

        ObjectNode policy = configuredPolicy();
        policy.putObject("calendars").set("far", farCalendar());
        policy.putObject("queueCalendars").put(queue, "far");
        int version = given().auth().oauth2(token()).contentType("application/json").body(policy.toString()).put(POLICY)
                .then().statusCode(200).extract().path("version");

        // rescheduled right after the save, by the catch-up that follows it
        awaitCalendarVersion(moved, version);
        awaitCalendarVersion(stayed, version);
        Row clock = clock(moved, FIRST_REPLY);
        assertEquals(farCalendarReopens().plusSeconds(8 * 3600 - clock.getLong("consumed_seconds")), due(clock),
                "what is left of the 8 business hours runs from the end of the queue's new calendar's closures");
        Duration shift = Duration.between(stayedDue, firstReplyDue(stayed)).abs();
        assertTrue(shift.compareTo(Duration.ofSeconds(1)) <= 0, "a tier1 clock stays on the Tokyo calendar: moved by " + shift);
    }

    @Test
    void aTicketMovedToAQueueWithAnotherCalendarCountsWhatIsLeftInIt() throws Exception {
        String tag = "us" + UUID.randomUUID().toString().substring(0, 8);
        String queue = "support-" + tag;
        given().auth().oauth2(token()).contentType("application/yaml").body("""
                        rules:
                          - {name: %1$s, when: {tags: [%1$s]}, then: {queue: %2$s}}
                          - {name: default, then: {queue: tier1}}
                        """.formatted(tag, queue).getBytes(StandardCharsets.UTF_8))
                .put("/api/v1/routing/rules").then().statusCode(200);
        ObjectNode policy = configuredPolicy();
        policy.putObject("calendars").set("far", farCalendar());
        policy.putObject("queueCalendars").put(queue, "far");
        given().auth().oauth2(token()).contentType("application/json").body(policy.toString()).put(POLICY).then().statusCode(200);

        // created four days ago: some of its 45 business hours to resolution may have been used in Tokyo
        Instant created = Instant.now().minus(Duration.ofDays(4));
        long id = newTicket("help", created);
        Instant tokyoDue = due(awaitClock(id, RESOLUTION, row -> true));
        assertTrue(tokyoDue.isBefore(farCalendarReopens()), "routed to tier1, it counts in the Tokyo calendar");
        Instant tagged = Instant.now();
        TestProducer.sendCloudEvent("tickets.v1", Long.toString(id), UUID.randomUUID(), "io.madoguchi.ticket.tags-changed.v1", """
                {"ticketId":%d,"tags":["%s"],"added":["%s"],"removed":[],"changedBy":"mei","changedAt":"%s"}
                """.formatted(id, tag, tag, tagged));

        Row clock = awaitClock(id, RESOLUTION, row -> queue.equals(row.getString("queue")));
        Instant seen = Instant.now();
        long used = clock.getLong("consumed_seconds");
        assertTrue(used >= TOKYO.between(created, tagged).toSeconds() && used <= TOKYO.between(created, seen).toSeconds(),
                used + " s used: the business time in Tokyo from creation to the move");
        assertEquals(farCalendarReopens().plusSeconds(45 * 3600 - used), due(clock),
                "the time used in tier1 counts; the rest runs in the new queue's calendar");
    }

    @Test
    void theOpenApiExampleOfThePolicyHasNamedCalendarsAndIsAccepted() throws Exception {
        Object example = given().get("/q/openapi?format=json").then().statusCode(200).extract()
                .path("paths.'/api/v1/sla/policy'.put.requestBody.content.'application/json'.example");
        String policy = example instanceof String text ? text : json.writeValueAsString(example);
        given().auth().oauth2(token()).contentType("application/json").body(policy).put(POLICY).then().statusCode(200)
                .body("calendars.'new-york'.zone", equalTo("America/New_York"))
                .body("queueCalendars.'support-us'", equalTo("new-york"));
    }

    /** Round the clock in New York, but closed for the next 30 days there. */
    private static ObjectNode farCalendar() {
        ObjectNode calendar = new ObjectMapper().createObjectNode().put("zone", NEW_YORK.getId()).put("hours", "mon-sun 00:00-24:00");
        ArrayNode closures = calendar.putArray("closures");
        LocalDate today = LocalDate.now(NEW_YORK);
        for (int day = 0; day < 30; day++) {
            closures.add(today.plusDays(day).toString());
        }
        return calendar;
    }

    private static Instant farCalendarReopens() {
        return LocalDate.now(NEW_YORK).plusDays(30).atStartOfDay(NEW_YORK).toInstant();
    }

    private static void routeToQueue(String keyword, String queue) {
        given().auth().oauth2(token()).contentType("application/yaml").body("""
                        rules:
                          - {name: %1$s, when: {keywords: [%1$s]}, then: {queue: %2$s}}
                          - {name: default, then: {queue: tier1}}
                        """.formatted(keyword, queue).getBytes(StandardCharsets.UTF_8))
                .put("/api/v1/routing/rules").then().statusCode(200);
    }

    private ObjectNode configuredPolicy() throws Exception {
        return (ObjectNode) json.readTree(given().auth().oauth2(token()).get(POLICY + "/versions/0").then().statusCode(200).extract().asString());
    }

    private static long newTicket(String body, Instant createdAt) {
        long id = ThreadLocalRandom.current().nextLong(1_000, 1_000_000_000);
        TestProducer.sendCloudEvent("tickets.v1", Long.toString(id), UUID.randomUUID(), "io.madoguchi.ticket.created.v1", """
                {"ticketId":%d,"conversationKey":"api:%d","status":"new","priority":"normal","channel":"api","subject":"SLA",
                 "createdAt":"%s","message":{"messageId":1,"authorType":"requester","body":"%s"}}
                """.formatted(id, id, createdAt, body));
        return id;
    }

    private Instant firstReplyDue(long id) throws InterruptedException {
        return due(awaitClock(id, FIRST_REPLY, row -> true));
    }

    private static Instant due(Row clock) {
        return clock.getOffsetDateTime("due_at").toInstant();
    }

    private Row clock(long id, String metric) {
        RowSet<Row> rows = pool.preparedQuery("SELECT queue, due_at, consumed_seconds FROM sla_clock WHERE ticket_id = $1 AND metric = $2")
                .execute(Tuple.of(id, metric)).await().atMost(Duration.ofSeconds(5));
        return rows.size() == 0 ? null : rows.iterator().next();
    }

    private void awaitCalendarVersion(long id, long version) throws InterruptedException {
        awaitClock(id, FIRST_REPLY, row -> true);
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> pool.preparedQuery(
                "SELECT calendar_version FROM sla_clock WHERE ticket_id = $1 AND metric = $2").execute(Tuple.of(id, FIRST_REPLY))
                .await().atMost(Duration.ofSeconds(5)).iterator().next().getLong(0) >= version);
    }

    private Row awaitClock(long id, String metric, Predicate<Row> condition) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < until) {
            Row row = clock(id, metric);
            if (row != null && condition.test(row)) {
                return row;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("ticket " + id + " has no such " + metric + " clock");
    }

    private static String token() {
        return EscalationTestResource.tokens().mint("someone", Set.of("admin"), Duration.ofMinutes(5));
    }
}
