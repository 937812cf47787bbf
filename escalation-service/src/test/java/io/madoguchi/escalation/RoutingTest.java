package io.madoguchi.escalation;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.madoguchi.chassis.testing.ConsumerProbes;
import io.madoguchi.chassis.testing.TestProducer;
import io.madoguchi.chassis.testing.TopicReader;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(EscalationTestResource.class)
class RoutingTest {

    private static final String CREATED = "io.madoguchi.ticket.created.v1";
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void newTicketIsRoutedOnceToTheDefaultQueue() throws Exception {
        long ticketId = ThreadLocalRandom.current().nextLong(1_000, 1_000_000_000);
        UUID eventId = UUID.randomUUID();
        String data = Events.ticketCreated(ticketId, "email");
        TestProducer.sendCloudEvent("tickets.v1", Long.toString(ticketId), eventId, CREATED, data);
        TestProducer.sendCloudEvent("tickets.v1", Long.toString(ticketId), eventId, CREATED, data);
        TestProducer.sendCloudEvent("tickets.v1", Long.toString(ticketId), UUID.randomUUID(), CREATED, data);
        TestProducer.sendCloudEvent("tickets.v1", Long.toString(ticketId), UUID.randomUUID(), "io.madoguchi.ticket.message-added.v1",
                "{\"ticketId\":" + ticketId + "}");

        List<ConsumerRecord<String, String>> routed = awaitRouted(ticketId);
        assertEquals(1, routed.size(), "one routing decision per ticket, whatever the redeliveries");
        ConsumerRecord<String, String> record = routed.get(0);
        assertEquals(Long.toString(ticketId), record.key());
        assertEquals(Long.toString(ticketId), TopicReader.header(record, "ce_subject"));
        assertEquals("/escalation-service", TopicReader.header(record, "ce_source"));
        assertEquals("application/json", TopicReader.header(record, "content-type"));
        JsonNode event = json.readTree(record.value());
        assertEquals("tier1", event.get("queue").asText());
        assertEquals("default", event.get("rule").asText());
        assertEquals("email", event.get("channel").asText());

        given().auth().oauth2(token("agent")).when().get("/api/v1/routing/tickets/" + ticketId)
                .then().statusCode(200).body("queue", equalTo("tier1")).body("rule", equalTo("default"));
    }

    @Test
    void poisonIsDeadLetteredAndRoutingContinues() {
        String key = "poison-" + UUID.randomUUID();
        TestProducer.sendRaw("tickets.v1", key, "not a cloud event".getBytes());
        TestProducer.sendCloudEvent("tickets.v1", key, UUID.randomUUID(), CREATED, "[\"not an object\"]");
        long ticketId = ThreadLocalRandom.current().nextLong(1_000, 1_000_000_000);
        TestProducer.sendCloudEvent("tickets.v1", key, UUID.randomUUID(), CREATED, Events.ticketCreated(ticketId, "slack"));

        assertEquals(1, awaitRouted(ticketId).size());
        List<ConsumerRecord<String, String>> dead = TopicReader.readUntil("tickets.v1.dlq",
                        rs -> rs.stream().filter(r -> key.equals(r.key())).count() >= 2, Duration.ofSeconds(20))
                .stream().filter(r -> key.equals(r.key())).toList();
        assertEquals(2, dead.size());
        dead.forEach(r -> assertEquals("tickets.v1", TopicReader.header(r, "dead-letter-topic")));
    }

    @Test
    void routingApiNeedsAnAgentToken() {
        given().when().get("/api/v1/routing/tickets/1").then().statusCode(401).contentType("application/problem+json");
        given().auth().oauth2(token("viewer")).when().get("/api/v1/routing/tickets/1").then().statusCode(403);
        given().auth().oauth2(token("admin")).when().get("/api/v1/routing/tickets/1").then().statusCode(404)
                .contentType("application/problem+json");
    }

    private static String token(String role) {
        return EscalationTestResource.tokens().mint("someone", Set.of(role), Duration.ofMinutes(5));
    }

    private static List<ConsumerRecord<String, String>> awaitRouted(long ticketId) {
        String key = Long.toString(ticketId);
        // the first decision, then all a duplicate could add: the ticket's events consumed and what they wrote relayed
        TopicReader.readUntil("escalations.v1", rs -> rs.stream().anyMatch(r -> key.equals(r.key())), Duration.ofSeconds(20));
        ConsumerProbes.awaitCaughtUp("escalation-service", "tickets.v1");
        ConsumerProbes.awaitRelayed(List.of(key));
        return TopicReader.readToEnd("escalations.v1").stream()
                .filter(r -> key.equals(r.key()) && "io.madoguchi.escalation.routed.v1".equals(TopicReader.header(r, "ce_type")))
                .toList();
    }
}
