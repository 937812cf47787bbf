package io.madoguchi.escalation;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.madoguchi.chassis.testing.PublishedSchemas;
import io.madoguchi.chassis.testing.TestProducer;
import io.madoguchi.chassis.testing.TopicReader;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(EscalationTestResource.class)
class OnCallTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void ticketsRoutedToAnOnCallQueueGoToWhoeverIsOnCallAndACoverTakesItsQueueWhileActive() throws Exception {
        String marker = "oc" + UUID.randomUUID().toString().substring(0, 8);
        String rota = "platform-" + marker;
        String oncallQueue = "dev-oncall-" + marker;
        String coveredQueue = "success-" + marker;
        given().auth().oauth2(token("admin")).contentType("application/yaml").body("""
                rules:
                  - {name: outage-%1$s, when: {keywords: ["outage %1$s"]}, then: {queue: %2$s}}
                  - {name: question-%1$s, when: {keywords: ["question %1$s"]}, then: {queue: %3$s}}
                  - {name: default, then: {queue: tier1}}
                """.formatted(marker, oncallQueue, coveredQueue).getBytes(StandardCharsets.UTF_8))
                .when().put("/api/v1/routing/rules").then().statusCode(200);

        String now = Instant.now().toString();
        given().auth().oauth2(token("admin")).contentType("application/json").body("""
                {"queue":"%s","zone":"Asia/Tokyo","handoffTime":"10:00","rotationDays":7,"startsOn":"2026-11-02",
                 "members":["kenji","mei","sam"],
                 "overrides":[{"member":"yuki","from":"%s","until":"%s"}]}
                """.formatted(oncallQueue, Instant.now().minusSeconds(60), Instant.now().plusSeconds(3600)))
                .when().put("/api/v1/rotas/" + rota).then().statusCode(200).body("members", hasItem("mei"));
        given().auth().oauth2(token("agent")).when().get("/api/v1/rotas/" + rota + "/on-call?at=" + now)
                .then().statusCode(200).body("member", equalTo("yuki")).body("override", equalTo(true));
        given().auth().oauth2(token("agent")).when().get("/api/v1/rotas/" + rota + "/on-call?at=2026-11-09T01:00:00Z")
                .then().statusCode(200).body("member", equalTo("mei")).body("until", equalTo("2026-11-16T01:00:00Z"));

        JsonNode outage = routed(newTicket("outage " + marker));
        assertEquals(oncallQueue, outage.get("queue").asText());
        assertEquals("yuki", outage.get("assignee").asText());
        assertEquals("on-call:" + rota, outage.get("assignedVia").asText());

        int cover = given().auth().oauth2(token("admin")).contentType("application/json").body("""
                {"queue":"%s","member":"aiko-sales","zone":"Asia/Tokyo","hours":"mon-sun 00:00-24:00","validFrom":"%s"}
                """.formatted(coveredQueue, LocalDate.now().minusDays(1)))
                .when().post("/api/v1/covers").then().statusCode(201).extract().path("id");
        JsonNode covered = routed(newTicket("question " + marker));
        assertEquals("aiko-sales", covered.get("assignee").asText());
        assertEquals("cover:" + cover, covered.get("assignedVia").asText());

        given().auth().oauth2(token("admin")).when().delete("/api/v1/covers/" + cover).then().statusCode(204);
        JsonNode pooled = routed(newTicket("question " + marker));
        assertEquals(coveredQueue, pooled.get("queue").asText());
        assertFalse(pooled.has("assignee"), "without a cover the queue is worked as a pool");
    }

    @Test
    void badRotasAndCoversAreRefusedWithEveryFaultNamed() {
        given().auth().oauth2(token("admin")).contentType("application/json")
                .body("{\"queue\":\"q\",\"zone\":\"Mars/Olympus\",\"handoffTime\":\"10:00\",\"rotationDays\":0,\"startsOn\":\"2026-11-02\","
                        + "\"members\":[\"a\",\"a\"],\"overrides\":[{\"member\":\"b\",\"from\":\"2026-11-03T00:00:00Z\",\"until\":\"2026-11-02T00:00:00Z\"}]}")
                .when().put("/api/v1/rotas/broken").then().statusCode(400).contentType("application/problem+json")
                .body("title", equalTo("Invalid rota"))
                .body("errors.field", equalTo(List.of("zone", "rotationDays", "members[1]", "overrides[0].until")));
        given().auth().oauth2(token("admin")).contentType("application/json")
                .body("{\"queue\":\"q\",\"member\":\"m\",\"zone\":\"Asia/Tokyo\",\"hours\":\"someday 9-5\",\"validFrom\":\"2026-11-02\"}")
                .when().post("/api/v1/covers").then().statusCode(400).body("errors[0].field", equalTo("hours"));
        given().auth().oauth2(token("agent")).contentType("application/json").body("{}")
                .when().put("/api/v1/rotas/x").then().statusCode(403);
        given().when().get("/api/v1/rotas").then().statusCode(401);
        given().auth().oauth2(token("agent")).when().get("/api/v1/rotas/nobody/on-call").then().statusCode(404);
        given().auth().oauth2(token("agent")).when().get("/api/v1/rotas/nobody/on-call?at=yesterday").then().statusCode(400);
    }

    private static long newTicket(String body) {
        long id = ThreadLocalRandom.current().nextLong(1_000, 1_000_000_000);
        TestProducer.sendCloudEvent("tickets.v1", Long.toString(id), UUID.randomUUID(), "io.madoguchi.ticket.created.v1", """
                {"ticketId":%d,"conversationKey":"api:%d","status":"new","priority":"normal","channel":"slack","subject":"help",
                 "createdAt":"%s","message":{"messageId":1,"authorType":"requester","body":"%s"}}
                """.formatted(id, id, Instant.now(), body));
        return id;
    }

    private JsonNode routed(long ticketId) throws Exception {
        String key = Long.toString(ticketId);
        List<ConsumerRecord<String, String>> records = TopicReader.readUntil("escalations.v1",
                rs -> rs.stream().anyMatch(r -> key.equals(r.key())), Duration.ofSeconds(20));
        ConsumerRecord<String, String> routed = records.stream()
                .filter(r -> key.equals(r.key()) && "io.madoguchi.escalation.routed.v1".equals(TopicReader.header(r, "ce_type")))
                .findFirst().orElseThrow();
        PublishedSchemas.assertValid(List.of(routed));
        return json.readTree(routed.value());
    }

    private static String token(String role) {
        return EscalationTestResource.tokens().mint("someone", Set.of(role), Duration.ofMinutes(5));
    }
}
