package io.madoguchi.analytics;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.madoguchi.chassis.testing.TestProducer;
import io.madoguchi.chassis.testing.TopicReader;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(AnalyticsTestResource.class)
class StatsSummaryTest {

    private static final String CREATED = "io.madoguchi.ticket.created.v1";
    private static final String ROUTED = "io.madoguchi.escalation.routed.v1";
    private static final String WARNING = "io.madoguchi.escalation.sla-warning.v1";

    @Test
    void summaryCountsEachTicketOnceByChannelAndQueue() {
        // a day of its own, so other tests' tickets stay out of the range
        int day = ThreadLocalRandom.current().nextInt(1, 28);
        String date = "2031-02-%02d".formatted(day);
        long base = ThreadLocalRandom.current().nextLong(1_000_000, 1_000_000_000);
        UUID redelivered = UUID.randomUUID();
        created(redelivered, base + 1, "email", date + "T01:00:00Z");
        created(redelivered, base + 1, "email", date + "T01:00:00Z");
        created(UUID.randomUUID(), base + 2, "email", date + "T02:00:00Z");
        created(UUID.randomUUID(), base + 3, "slack", date + "T23:59:59Z");
        // a ticket's queue is where ticket-service assigned it; a routing decision it has not applied yet moves nothing
        created(UUID.randomUUID(), base + 5, "chat", date + "T12:00:00Z");
        routed(base + 1, "tier1");
        assigned(base + 1, "tier1");
        routed(base + 2, "tier1");
        assigned(base + 2, "tier1");
        routed(base + 3, "tier1");
        assigned(base + 3, "dev-oncall");
        routed(base + 5, "tier1");
        warned(base + 5);
        // outside the range
        created(UUID.randomUUID(), base + 4, "line", "2031-03-01T00:00:00Z");

        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(token("admin"))
                .when().get("/api/v1/archive/tickets/" + (base + 5) + "/events")
                .then().statusCode(200).body("events.type", hasItem(WARNING)).body("events.type", not(hasItem(ROUTED))));
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(token("agent"))
                .queryParam("from", date + "T00:00:00Z").queryParam("to", date + "T23:59:59.999Z")
                .when().get("/api/v1/stats/summary")
                .then().statusCode(200)
                .body("ticketsCreated", equalTo(4))
                .body("byChannel.email", equalTo(2))
                .body("byChannel.slack", equalTo(1))
                .body("byChannel.chat", equalTo(1))
                .body("byQueue.tier1", equalTo(2))
                .body("byQueue.dev-oncall", equalTo(1))
                .body("byQueue.unrouted", equalTo(1)));
    }

    @Test
    void poisonIsDeadLetteredWithAReason() {
        String key = "poison-" + UUID.randomUUID();
        TestProducer.sendCloudEvent("escalations.v1", key, UUID.randomUUID(), WARNING, "{\"metric\":\"first-reply\"}");
        TestProducer.sendRaw("tickets.v1", key, new byte[] { 1, 2, 3 });
        List<ConsumerRecord<String, String>> dead = TopicReader.readUntil("escalations.v1.dlq",
                        rs -> rs.stream().anyMatch(r -> key.equals(r.key())), Duration.ofSeconds(20))
                .stream().filter(r -> key.equals(r.key())).toList();
        assertEquals(1, dead.size());
        assertEquals(true, TopicReader.header(dead.get(0), "dead-letter-reason").contains("ticketId"));
        assertEquals(1, TopicReader.readUntil("tickets.v1.dlq", rs -> rs.stream().anyMatch(r -> key.equals(r.key())),
                Duration.ofSeconds(20)).stream().filter(r -> key.equals(r.key())).count());
    }

    @Test
    void statsNeedAnAgentTokenAndAValidRange() {
        given().when().get("/api/v1/stats/summary").then().statusCode(401).contentType("application/problem+json");
        given().auth().oauth2(token("requester")).when().get("/api/v1/stats/summary").then().statusCode(403);
        given().auth().oauth2(token("agent")).queryParam("from", "yesterday")
                .when().get("/api/v1/stats/summary")
                .then().statusCode(400).contentType("application/problem+json")
                .body("detail", org.hamcrest.Matchers.containsString("'from'"));
        given().auth().oauth2(token("agent")).queryParam("from", "2031-01-02T00:00:00Z").queryParam("to", "2031-01-01T00:00:00Z")
                .when().get("/api/v1/stats/summary")
                .then().statusCode(400);
    }

    private static void created(UUID eventId, long ticketId, String channel, String createdAt) {
        TestProducer.sendCloudEvent("tickets.v1", Long.toString(ticketId), eventId, CREATED,
                Events.ticketCreated(ticketId, channel, createdAt));
    }

    private static void assigned(long ticketId, String queue) {
        TestProducer.sendCloudEvent("tickets.v1", Long.toString(ticketId), UUID.randomUUID(), "io.madoguchi.ticket.assigned.v1",
                "{\"ticketId\":%d,\"queue\":\"%s\",\"assignee\":null}".formatted(ticketId, queue));
    }

    private static void routed(long ticketId, String queue) {
        TestProducer.sendCloudEvent("escalations.v1", Long.toString(ticketId), UUID.randomUUID(), ROUTED,
                "{\"ticketId\":%d,\"queue\":\"%s\",\"rule\":\"default\"}".formatted(ticketId, queue));
    }

    /** Archived after the routing sent before it: its partition's events up to it have been consumed once it is. */
    private static void warned(long ticketId) {
        TestProducer.sendCloudEvent("escalations.v1", Long.toString(ticketId), UUID.randomUUID(), WARNING,
                "{\"ticketId\":%d,\"metric\":\"first-reply\",\"priority\":\"normal\",\"percentUsed\":75}".formatted(ticketId));
    }

    private static String token(String role) {
        return AnalyticsTestResource.tokens().mint("someone", Set.of(role), Duration.ofMinutes(5));
    }
}
