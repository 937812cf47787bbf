package io.madoguchi.ingest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.madoguchi.chassis.testing.TopicReader;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
@WithTestResource(IngestTestResource.class)
class InquiryIntakeTest {

    private static final String KEY = "test-ingest-key";
    private final ObjectMapper json = new ObjectMapper();

    @TestHTTPResource("/api/v1/inquiries")
    URL inquiries;

    @Test
    void acceptedInquiryIsPublishedOnceAsCloudEventKeyedByConversation() throws Exception {
        String conversation = "api:crm/" + UUID.randomUUID();
        String inquiryId = given().contentType(ContentType.JSON).header("X-Api-Key", "test-crm-key")
                .body("""
                        {"channel":"api","requester":{"id":"cust-42","email":"hanako@example.jp","name":"山田 花子"},
                         "subject":"請求書について","body":"先月の請求書が届いていません。","conversationKey":"%s"}
                        """.formatted(conversation))
                .when().post("/api/v1/inquiries")
                .then().statusCode(202)
                .body("conversationKey", equalTo(conversation))
                .body("status", equalTo("accepted"))
                .extract().path("inquiryId");

        List<ConsumerRecord<String, String>> mine = TopicReader.readUntil("inquiries.v1",
                        records -> records.stream().anyMatch(r -> r.value().contains(inquiryId)), Duration.ofSeconds(15))
                .stream().filter(r -> r.value().contains(inquiryId)).toList();
        assertEquals(1, mine.size(), "exactly one event for the inquiry");
        ConsumerRecord<String, String> record = mine.get(0);
        assertEquals(conversation, record.key());
        assertEquals("1.0", TopicReader.header(record, "ce_specversion"));
        assertEquals("io.madoguchi.inquiry.received.v1", TopicReader.header(record, "ce_type"));
        assertEquals("/ingest-service/api", TopicReader.header(record, "ce_source"));
        assertEquals("application/json", TopicReader.header(record, "content-type"));
        UUID.fromString(TopicReader.header(record, "ce_id"));
        assertNotNull(Instant.parse(TopicReader.header(record, "ce_time")));

        JsonNode data = json.readTree(record.value());
        assertEquals(inquiryId, data.get("inquiryId").asText());
        assertEquals("api", data.get("channel").asText());
        assertEquals("請求書について", data.get("subject").asText());
        assertEquals("cust-42", data.at("/requester/channelUserId").asText());
        assertEquals("hanako@example.jp", data.at("/requester/email").asText());
        assertEquals("山田 花子", data.at("/requester/displayName").asText());

        // the relay moves the outbox's position past the row after the broker acknowledged it
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            try (Connection c = IngestTestResource.database(); Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT convert_from(i.raw_payload, 'UTF8'), o.id <= (SELECT sent_through FROM outbox_position)"
                            + " FROM inquiry i JOIN outbox_entry o"
                            + " ON o.payload LIKE '%' || i.id || '%' WHERE i.id = '" + inquiryId + "'")) {
                assertTrue(rs.next());
                assertTrue(rs.getString(1).contains("先月の請求書が届いていません。"), "raw payload kept as received");
                assertTrue(rs.getBoolean(2), "outbox row counted sent after the broker acknowledged");
            }
        });
    }

    @Test
    void withoutConversationKeyEachInquiryStartsItsOwnConversation() {
        String key = given().contentType(ContentType.JSON).header("X-Api-Key", KEY)
                .body("{\"channel\":\"form\",\"requester\":{\"email\":\"a@example.com\"},\"body\":\"hello\"}")
                .when().post("/api/v1/inquiries")
                .then().statusCode(202).extract().path("conversationKey");
        String id = given().contentType(ContentType.JSON).header("X-Api-Key", KEY)
                .body("{\"channel\":\"form\",\"requester\":{\"email\":\"a@example.com\"},\"body\":\"hello\"}")
                .when().post("/api/v1/inquiries")
                .then().statusCode(202).body("conversationKey", not(equalTo(key))).extract().path("inquiryId");
        assertTrue(key.startsWith("form:"));
        assertNotNull(id);
    }

    @Test
    void idempotencyKeyMakesRetriesOneInquiryAndRefusesADifferentBody() {
        String key = "retry-" + UUID.randomUUID();
        String body = "{\"channel\":\"api\",\"requester\":{\"id\":\"crm-7\"},\"body\":\"" + key + "\"}";
        String first = given().contentType(ContentType.JSON).header("X-Api-Key", "test-crm-key").header("Idempotency-Key", key)
                .body(body).when().post("/api/v1/inquiries").then().statusCode(202).extract().path("inquiryId");
        String again = given().contentType(ContentType.JSON).header("X-Api-Key", "test-crm-key").header("Idempotency-Key", key)
                .body(body).when().post("/api/v1/inquiries").then().statusCode(202).extract().path("inquiryId");
        assertEquals(first, again, "the same key and body answer with the inquiry already accepted");
        given().contentType(ContentType.JSON).header("X-Api-Key", "test-crm-key").header("Idempotency-Key", key)
                .body(body.replace(key, key + " changed")).when().post("/api/v1/inquiries")
                .then().statusCode(409).contentType("application/problem+json");
        // keys belong to a source: another source may use the same key for its own inquiry
        String other = given().contentType(ContentType.JSON).header("X-Api-Key", KEY).header("Idempotency-Key", key)
                .body(body).when().post("/api/v1/inquiries").then().statusCode(202).extract().path("inquiryId");
        assertTrue(!other.equals(first));
        given().contentType(ContentType.JSON).header("X-Api-Key", KEY).header("Idempotency-Key", "x".repeat(256))
                .body(body).when().post("/api/v1/inquiries").then().statusCode(400).contentType("application/problem+json");

        List<ConsumerRecord<String, String>> events = InquiryEvents.mentioning(key, 2);
        assertEquals(2, events.size(), "one event per source, none for the retry or the conflict");
    }

    @Test
    void missingOrWrongApiKeyIsRejectedWithProblem() {
        long before = outboxEvents();
        given().contentType(ContentType.JSON)
                .body("{\"channel\":\"api\",\"requester\":{\"id\":\"x\"},\"body\":\"b\"}")
                .when().post("/api/v1/inquiries")
                .then().statusCode(401).contentType("application/problem+json").body("status", equalTo(401));
        given().contentType(ContentType.JSON).header("X-Api-Key", "test-ingest-kez")
                .body("{\"channel\":\"api\",\"requester\":{\"id\":\"x\"},\"body\":\"b\"}")
                .when().post("/api/v1/inquiries")
                .then().statusCode(401).contentType("application/problem+json");
        assertEquals(before, outboxEvents(), "a rejected request writes nothing");
    }

    @Test
    void malformedJsonIsA400ProblemWithoutInternals() {
        long before = outboxEvents();
        given().contentType(ContentType.JSON).header("X-Api-Key", KEY)
                .body("{\"channel\":\"api\",\"requester\":{")
                .when().post("/api/v1/inquiries")
                .then().statusCode(400).contentType("application/problem+json")
                .body("title", equalTo("Malformed request body"))
                .body("detail", startsWith("The body is not well-formed JSON"))
                .body("detail", not(org.hamcrest.Matchers.containsString("jackson")));
        given().contentType(ContentType.JSON).header("X-Api-Key", KEY)
                .body("{\"channel\":\"api\",\"requester\":[1,2],\"body\":\"b\"}")
                .when().post("/api/v1/inquiries")
                .then().statusCode(400).contentType("application/problem+json")
                .body("detail", equalTo("Field 'requester' has the wrong type or shape"));
        given().contentType(ContentType.JSON).header("X-Api-Key", KEY)
                .body("[1]")
                .when().post("/api/v1/inquiries")
                .then().statusCode(400).contentType("application/problem+json");
        given().contentType(ContentType.JSON).header("X-Api-Key", KEY)
                .body("")
                .when().post("/api/v1/inquiries")
                .then().statusCode(400).contentType("application/problem+json");
        assertEquals(before, outboxEvents());
    }

    @Test
    void invalidFieldsAreNamedInTheProblem() {
        long before = outboxEvents();
        given().contentType(ContentType.JSON).header("X-Api-Key", KEY)
                .body("{\"channel\":\"fax\",\"requester\":{\"email\":\"not-an-address\"},\"body\":\"  \"}")
                .when().post("/api/v1/inquiries")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", containsInAnyOrder("body", "channel", "requester.email"));
        given().contentType(ContentType.JSON).header("X-Api-Key", KEY)
                .body("{\"channel\":\"api\",\"requester\":{\"name\":\"Anonymous\"},\"body\":\"b\"}")
                .when().post("/api/v1/inquiries")
                .then().statusCode(400).body("errors.field", containsInAnyOrder("requester.identified"));
        given().contentType(ContentType.JSON).header("X-Api-Key", KEY)
                .body("{\"channel\":\"api\",\"body\":\"b\"}")
                .when().post("/api/v1/inquiries")
                .then().statusCode(400).body("errors.field", hasItem("requester"));
        assertEquals(before, outboxEvents());
    }

    @Test
    void oversizedBodyIsRejected() throws Exception {
        String huge = "x".repeat(1_100_000);
        double before = Metrics.rejected("api", "too-large");
        assertEquals(413, OversizedPost.status(inquiries, "application/json",
                "{\"channel\":\"api\",\"requester\":{\"id\":\"x\"},\"body\":\"" + huge + "\"}", "X-Api-Key", KEY));
        assertEquals(before + 1, Metrics.rejected("api", "too-large"));
    }

    @Test
    void healthMetricsAndOpenApiAnswer() {
        given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().when().get("/q/health/started").then().statusCode(200);
        given().when().get("/q/metrics").then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("madoguchi_outbox_published_total"));
        given().when().get("/q/openapi?format=json").then().statusCode(200)
                .body("paths.'/api/v1/inquiries'.post", notNullValue());
    }

    private static long outboxEvents() {
        try (Connection c = IngestTestResource.database(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM outbox_entry")) {
            rs.next();
            return rs.getLong(1);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
