package io.madoguchi.escalation;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.madoguchi.chassis.testing.PublishedSchemas;
import io.madoguchi.chassis.testing.ConsumerProbes;
import io.madoguchi.chassis.testing.TestProducer;
import io.madoguchi.chassis.testing.TopicReader;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(EscalationTestResource.class)
class RoutingRulesTest {

    private static final String REASSIGNED = "io.madoguchi.escalation.reassigned.v1";
    private final ObjectMapper json = new ObjectMapper();

    @jakarta.inject.Inject
    io.vertx.mutiny.sqlclient.Pool pool;

    /** Rules no other test's tickets match, with the default rule the other tests expect. */
    private static String rules(String marker) {
        return """
                segments:
                  enterprise: [bigcorp.co.jp]
                rules:
                  - name: enterprise-%1$s
                    when: {segments: [enterprise], keywords: [%1$s]}
                    then: {queue: success}
                  - name: billing-%1$s
                    when: {keywords: [%1$s], languages: [ja]}
                    then: {queue: billing, priority: high, tags: [billing, ja]}
                  - name: default
                    then: {queue: tier1}
                """.formatted(marker);
    }

    @Test
    void importedRulesRouteNewTicketsAndNameTheRuleAndVersion() throws Exception {
        String marker = "m" + UUID.randomUUID().toString().substring(0, 8);
        int version = given().auth().oauth2(token("admin")).contentType("application/yaml").body(rules(marker).getBytes(StandardCharsets.UTF_8))
                .when().put("/api/v1/routing/rules")
                .then().statusCode(200).body("rules[1].name", equalTo("billing-" + marker)).extract().path("version");
        given().auth().oauth2(token("admin")).when().get("/api/v1/routing/rules")
                .then().statusCode(200).body("version", equalTo(version)).body("savedBy", equalTo("someone"))
                .body("segments.enterprise", hasItem("bigcorp.co.jp"));

        long billing = ThreadLocalRandom.current().nextLong(1_000, 1_000_000_000);
        long enterprise = billing + 1;
        TestProducer.sendCloudEvent("tickets.v1", Long.toString(billing), UUID.randomUUID(), "io.madoguchi.ticket.created.v1",
                created(billing, "hanako@example.jp", "請求書 " + marker + " が届きません"));
        TestProducer.sendCloudEvent("tickets.v1", Long.toString(enterprise), UUID.randomUUID(), "io.madoguchi.ticket.created.v1",
                created(enterprise, "taro@tokyo.bigcorp.co.jp", "請求書 " + marker));

        JsonNode routed = routed(billing);
        assertEquals("billing", routed.get("queue").asText());
        assertEquals("billing-" + marker, routed.get("rule").asText());
        assertEquals(version, routed.get("ruleVersion").asInt());
        assertEquals("high", routed.get("priority").asText());
        assertEquals(List.of("billing", "ja"), List.of(json.treeToValue(routed.get("tags"), String[].class)));
        assertEquals("success", routed(enterprise).get("queue").asText());

        given().auth().oauth2(token("admin")).contentType("application/json")
                .body("{\"channel\":\"email\",\"body\":\"" + marker + " の請求書\",\"requesterEmail\":\"a@example.jp\"}")
                .when().post("/api/v1/routing/rules/dry-run")
                .then().statusCode(200).body("rule", equalTo("billing-" + marker)).body("position", equalTo(1))
                .body("queue", equalTo("billing")).body("version", equalTo(version));
        // the same sample against the built-in version 0 hits its only rule
        given().auth().oauth2(token("admin")).contentType("application/json").body("{\"body\":\"" + marker + " の請求書\"}")
                .when().post("/api/v1/routing/rules/dry-run?version=0")
                .then().statusCode(200).body("rule", equalTo("default")).body("version", equalTo(0));
        given().auth().oauth2(token("admin")).when().get("/api/v1/routing/rules/versions")
                .then().statusCode(200).body("version", hasItem(version));
        given().auth().oauth2(token("admin")).when().get("/api/v1/routing/rules/versions/" + version)
                .then().statusCode(200).body("rules.size()", equalTo(3));
    }

    @Test
    void invalidRulesAreRefusedWithEveryFaultNamedAndNothingSaved() {
        int before = given().auth().oauth2(token("admin")).when().get("/api/v1/routing/rules").then().extract().path("version");
        given().auth().oauth2(token("admin")).contentType("application/json")
                .body("{\"rules\":[{\"name\":\"x\",\"when\":{\"patterns\":[\"(unclosed\"]},\"then\":{\"queue\":\"tier2\"}},"
                        + "{\"name\":\"default\",\"then\":{\"queue\":\"tier1\"}}]}")
                .when().put("/api/v1/routing/rules")
                .then().statusCode(400).contentType("application/problem+json").body("title", equalTo("Invalid routing rules"))
                .body("errors[0].field", equalTo("rules[0].when.patterns[0]"))
                .body("errors[0].message", startsWith("not a regular expression"));
        given().auth().oauth2(token("admin")).contentType("application/yaml")
                .body("rules:\n  - name: default\n    then: {queue: tier1}\n    whne: {channels: [email]}\n".getBytes(StandardCharsets.UTF_8))
                .when().put("/api/v1/routing/rules")
                .then().statusCode(400).body("errors[0].field", equalTo("rules[0].whne")).body("errors[0].message", equalTo("not a known field"));
        given().auth().oauth2(token("admin")).contentType("application/json").body("{\"rules\": [")
                .when().put("/api/v1/routing/rules").then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(token("admin")).when().get("/api/v1/routing/rules").then().body("version", equalTo(before));
        given().auth().oauth2(token("admin")).when().get("/api/v1/routing/rules/versions/999999999").then().statusCode(404);
    }

    @Test
    void onlyAdminsTouchTheRules() {
        given().when().get("/api/v1/routing/rules").then().statusCode(401);
        given().auth().oauth2(token("agent")).when().get("/api/v1/routing/rules").then().statusCode(403);
        given().auth().oauth2(token("agent")).contentType("application/yaml").body("rules: []".getBytes(StandardCharsets.UTF_8))
                .when().put("/api/v1/routing/rules").then().statusCode(403);
    }

    @Test
    void aTagAddedLaterRoutesTheTicketAgainWhenATagRuleNowMatches() throws Exception {
        String bug = "bug-" + UUID.randomUUID().toString().substring(0, 8);
        given().auth().oauth2(token("admin")).contentType("application/yaml").body("""
                        rules:
                          - {name: %1$s, when: {tags: [%1$s], channels: [email]}, then: {queue: dev-%1$s, priority: high}}
                          - {name: default, then: {queue: tier1}}
                        """.formatted(bug).getBytes(StandardCharsets.UTF_8))
                .put("/api/v1/routing/rules").then().statusCode(200);
        long id = ThreadLocalRandom.current().nextLong(1_000, 1_000_000_000);
        String key = Long.toString(id);
        TestProducer.sendCloudEvent("tickets.v1", key, UUID.randomUUID(), "io.madoguchi.ticket.created.v1", created(id, "yuki@example.jp", "落ちます"));
        assertEquals("tier1", routed(id).get("queue").asText(), "untagged, it takes the default rule");

        UUID tagged = UUID.randomUUID();
        TestProducer.sendCloudEvent("tickets.v1", key, UUID.randomUUID(), "io.madoguchi.ticket.tags-changed.v1", tagsChanged(id, List.of("vip"), List.of("vip")));
        TestProducer.sendCloudEvent("tickets.v1", key, tagged, "io.madoguchi.ticket.tags-changed.v1", tagsChanged(id, List.of("vip", bug), List.of(bug)));
        TestProducer.sendCloudEvent("tickets.v1", key, tagged, "io.madoguchi.ticket.tags-changed.v1", tagsChanged(id, List.of("vip", bug), List.of(bug)));
        TestProducer.sendCloudEvent("tickets.v1", key, UUID.randomUUID(), "io.madoguchi.ticket.tags-changed.v1",
                tagsChanged(id, List.of("vip", bug, "later"), List.of("later")));

        TopicReader.readUntil("escalations.v1", rs -> rs.stream().anyMatch(r -> key.equals(r.key())
                && REASSIGNED.equals(TopicReader.header(r, "ce_type")) && r.value().contains("\"rule:")), Duration.ofSeconds(20));
        // the ticket was created in the past, so its first-reply breach escalates it too: count the rule's moves
        ConsumerProbes.awaitCaughtUp("escalation-service", "tickets.v1");
        ConsumerProbes.awaitRelayed(List.of(key));
        List<ConsumerRecord<String, String>> moves = TopicReader.readToEnd("escalations.v1").stream()
                .filter(r -> key.equals(r.key()) && REASSIGNED.equals(TopicReader.header(r, "ce_type")) && r.value().contains("\"rule:")).toList();
        assertEquals(1, moves.size(), "moved once: not by an unrelated tag, a redelivery, or a tag added after the move");
        PublishedSchemas.assertValid(moves);
        JsonNode moved = json.readTree(moves.get(0).value());
        assertEquals("dev-" + bug, moved.get("queue").asText());
        assertEquals("high", moved.get("priority").asText());
        assertEquals("rule:" + bug, moved.get("reason").asText());
        List<String> clockQueues = new java.util.ArrayList<>();
        pool.preparedQuery("SELECT DISTINCT queue FROM sla_clock WHERE ticket_id = $1").execute(io.vertx.mutiny.sqlclient.Tuple.of(id))
                .await().atMost(Duration.ofSeconds(5)).forEach(row -> clockQueues.add(row.getString("queue")));
        assertEquals(List.of("dev-" + bug), clockQueues, "its SLA clocks follow it to the new queue");
    }

    private static String tagsChanged(long ticketId, List<String> tags, List<String> added) {
        return """
                {"ticketId":%d,"tags":["%s"],"added":["%s"],"removed":[],"changedBy":"mei","changedAt":"2026-11-22T02:00:00Z"}
                """.formatted(ticketId, String.join("\",\"", tags), String.join("\",\"", added));
    }

    private static String created(long ticketId, String email, String body) {
        return """
                {"ticketId":%d,"conversationKey":"api:%d","status":"new","priority":"normal","channel":"email",
                 "subject":"お問い合わせ","requester":{"channelUserId":"%s","email":"%s"},
                 "createdAt":"2026-11-22T01:00:00Z","message":{"messageId":1,"authorType":"requester","body":"%s"}}
                """.formatted(ticketId, ticketId, email, email, body);
    }

    private JsonNode routed(long ticketId) throws Exception {
        String key = Long.toString(ticketId);
        List<ConsumerRecord<String, String>> records = TopicReader.readUntil("escalations.v1",
                rs -> rs.stream().anyMatch(r -> key.equals(r.key())), Duration.ofSeconds(20));
        ConsumerRecord<String, String> routed = records.stream().filter(r -> key.equals(r.key())).findFirst().orElseThrow();
        PublishedSchemas.assertValid(List.of(routed));
        return json.readTree(routed.value());
    }

    private static String token(String role) {
        return EscalationTestResource.tokens().mint("someone", Set.of(role), Duration.ofMinutes(5));
    }
}
