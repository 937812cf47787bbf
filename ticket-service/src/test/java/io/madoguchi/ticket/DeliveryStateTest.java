package io.madoguchi.ticket;

import static io.madoguchi.chassis.testing.ConsumerProbes.awaitProcessed;
import static io.madoguchi.ticket.TicketApi.get;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.madoguchi.chassis.testing.PublishedSchemas;
import io.madoguchi.chassis.testing.TestProducer;
import io.madoguchi.chassis.testing.TopicReader;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/** What ingest-service reports on deliveries.v1 shows on the ticket's replies, and agents retry what failed. */
@QuarkusTest
@WithTestResource(TicketTestResource.class)
class DeliveryStateTest {

    private static final String SENT = "io.madoguchi.delivery.sent.v1";
    private static final String FAILED = "io.madoguchi.delivery.failed.v1";
    private static final String RETRY_REQUESTED = "io.madoguchi.ticket.delivery-retry-requested.v1";

    @Test
    void aPublicReplyIsPendingUntilItsDeliveryIsSentAndAnInternalNoteHasNoDelivery() {
        long ticket = LifecycleApiTest.newTicket("Invoice", "Where is my invoice?");
        long reply = addMessage(ticket, "It is on its way.", "public");
        long note = addMessage(ticket, "Billing says it was never sent", "internal");

        get(ticket, "agent").then().statusCode(200)
                .body(message(reply) + ".delivery.status", equalTo("pending"))
                .body(message(note), not(hasKey("delivery")))
                .body("messages[0]", not(hasKey("delivery")))
                .body("deliveries", empty());

        UUID delivery = UUID.randomUUID();
        send(ticket, SENT, sent(delivery, ticket, reply, "2026-12-04T09:30:00Z"));

        awaitDelivery(ticket, reply, "sent");
        get(ticket, "agent").then()
                .body(message(reply) + ".delivery.deliveryId", equalTo(delivery.toString()))
                .body(message(reply) + ".delivery.channel", equalTo("email"))
                .body(message(reply) + ".delivery.reference", equalTo("<delivery." + delivery + "@support.example.jp>"))
                .body(message(reply) + ".delivery.attempts", equalTo(1))
                .body(message(reply) + ".delivery.at", equalTo("2026-12-04T09:30:00Z"))
                .body(message(reply) + ".delivery", not(hasKey("permanent")))
                .body(message(note), not(hasKey("delivery")));
    }

    @Test
    void aFailedDeliveryShowsWhyAndAfterHowManyAttempts() {
        long ticket = LifecycleApiTest.newTicket("Refund", "I want a refund");
        long reply = addMessage(ticket, "We have refunded you.", "public");

        send(ticket, FAILED, failed(UUID.randomUUID(), ticket, reply, 3, "2026-12-04T09:30:00Z"));

        awaitDelivery(ticket, reply, "failed");
        get(ticket, "agent").then()
                .body(message(reply) + ".delivery.reason", equalTo("550 5.1.1 <nobody@example.jp>: user unknown"))
                .body(message(reply) + ".delivery.attempts", equalTo(3))
                .body(message(reply) + ".delivery.permanent", equalTo(true))
                .body(message(reply) + ".delivery.reference", nullValue());
    }

    @Test
    void anOlderOutcomeReadAfterANewerOneDoesNotOverwriteIt() {
        long ticket = LifecycleApiTest.newTicket("Password", "I cannot log in");
        long reply = addMessage(ticket, "Here is a reset link.", "public");
        UUID delivery = UUID.randomUUID();

        send(ticket, SENT, sent(delivery, ticket, reply, "2026-12-04T09:40:00Z"));
        UUID older = send(ticket, FAILED, failed(delivery, ticket, reply, 1, "2026-12-04T09:30:00Z"));
        awaitProcessed(List.of(older));

        get(ticket, "agent").then()
                .body(message(reply) + ".delivery.status", equalTo("sent"))
                .body(message(reply) + ".delivery.at", equalTo("2026-12-04T09:40:00Z"));
    }

    @Test
    void anAgentRetriesAFailedDeliveryOnceAndItsNextOutcomeReplacesTheRetry() {
        long ticket = LifecycleApiTest.newTicket("Order", "Where is my order?");
        long reply = addMessage(ticket, "It ships tomorrow.", "public");
        UUID delivery = UUID.randomUUID();
        send(ticket, FAILED, failed(delivery, ticket, reply, 5, "2026-12-04T09:30:00Z"));
        awaitDelivery(ticket, reply, "failed");

        retry(ticket, delivery).then().statusCode(202)
                .body("status", equalTo("retrying")).body("deliveryId", equalTo(delivery.toString()));
        retry(ticket, delivery).then().statusCode(409).contentType(containsString("application/problem+json"))
                .body("detail", containsString("only a failed delivery can be retried"));
        get(ticket, "agent").then().body(message(reply) + ".delivery.status", equalTo("retrying"));

        // a note added after the retry is published after it: once it is on the topic, so is every retry request
        long marker = addMessage(ticket, "marker", "internal");
        TopicReader.readUntil("tickets.v1", rs -> rs.stream().anyMatch(r -> r.value().contains("\"messageId\":" + marker)),
                Duration.ofSeconds(20));
        List<ConsumerRecord<String, String>> requests = TopicReader.readToEnd("tickets.v1").stream()
                .filter(r -> Long.toString(ticket).equals(r.key()))
                .filter(r -> RETRY_REQUESTED.equals(TopicReader.header(r, "ce_type"))).toList();
        assertEquals(1, requests.size(), "one retry request for two attempts to retry");
        PublishedSchemas.assertValid(requests);
        assertEquals(delivery.toString(), EventSchemas.data(requests.get(0)).get("deliveryId").asText());
        assertEquals(reply, EventSchemas.data(requests.get(0)).get("messageId").asLong());
        assertEquals("agent-agent", EventSchemas.data(requests.get(0)).get("requestedBy").asText());

        send(ticket, SENT, sent(delivery, ticket, reply, Instant.now().toString()));
        awaitDelivery(ticket, reply, "sent");
    }

    @Test
    void aRetryOfAnUnknownDeliveryOrOnAnUnknownTicketIsNotFound() {
        long ticket = LifecycleApiTest.newTicket("Hello", "Just saying hi");
        long other = LifecycleApiTest.newTicket("Hello again", "Another ticket");
        long reply = addMessage(ticket, "Hi!", "public");
        UUID delivery = UUID.randomUUID();
        send(ticket, FAILED, failed(delivery, ticket, reply, 1, "2026-12-04T09:30:00Z"));
        awaitDelivery(ticket, reply, "failed");

        retry(ticket, UUID.randomUUID()).then().statusCode(404).contentType(containsString("application/problem+json"));
        retry(other, delivery).then().statusCode(404).body("detail", containsString(delivery.toString()));
        retry(999_999_999L, delivery).then().statusCode(404).body("detail", containsString("No ticket"));
        get(ticket, "agent").then().body(message(reply) + ".delivery.status", equalTo("failed"));
    }

    @Test
    void aFailedReplyOfAMergedTicketIsRetriedFromTheTicketItWasMergedInto() {
        long merged = LifecycleApiTest.newTicket("Delivery address", "Please change my address");
        long into = LifecycleApiTest.newTicket("Delivery address again", "Did you change it?");
        long reply = addMessage(merged, "Changed.", "public");
        UUID delivery = UUID.randomUUID();
        send(merged, FAILED, failed(delivery, merged, reply, 8, "2026-12-04T09:30:00Z"));
        awaitDelivery(merged, reply, "failed");
        given().auth().oauth2(InquiryToTicketTest.token("admin")).contentType(ContentType.JSON).body("{\"into\":" + into + "}")
                .when().post("/api/v1/tickets/" + merged + "/merge").then().statusCode(200);

        retry(into, delivery).then().statusCode(202).body("status", equalTo("retrying"));
        get(into, "agent").then().body(message(reply) + ".delivery.status", equalTo("retrying"));
        long marker = addMessage(into, "marker", "internal");
        TopicReader.readUntil("tickets.v1", rs -> rs.stream().anyMatch(r -> r.value().contains("\"messageId\":" + marker)),
                Duration.ofSeconds(20));
        JsonNode request = TopicReader.readToEnd("tickets.v1").stream()
                .filter(r -> RETRY_REQUESTED.equals(TopicReader.header(r, "ce_type")))
                .map(EventSchemas::data).filter(d -> d.get("deliveryId").asText().equals(delivery.toString()))
                .findFirst().orElseThrow();
        assertEquals(merged, request.get("ticketId").asLong(), "named by the ticket the deliverer knows it by");
    }

    @Test
    void anAcknowledgementIsListedAmongTheTicketsDeliveriesNotOnAMessage() {
        long ticket = LifecycleApiTest.newTicket("Shipping", "How long does shipping take?");
        UUID acknowledgement = UUID.randomUUID();
        send(ticket, SENT, """
                {"deliveryId":"%s","ticketId":%d,"messageId":null,"kind":"acknowledgement","channel":"email",
                 "recipient":"taro@example.jp","attempts":1,"channelReference":"<ack@example.jp>","sentAt":"2026-12-04T09:00:00Z"}
                """.formatted(acknowledgement, ticket));

        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> get(ticket, "agent").then()
                .body("deliveries.size()", equalTo(1))
                .body("deliveries[0].deliveryId", equalTo(acknowledgement.toString()))
                .body("deliveries[0].kind", equalTo("acknowledgement"))
                .body("deliveries[0].status", equalTo("sent")));
        get(ticket, "agent").then().body("messages[0]", not(hasKey("delivery")));
    }

    private static String message(long id) {
        return "messages.find { it.id == " + id + " }";
    }

    private static long addMessage(long ticket, String body, String visibility) {
        return given().auth().oauth2(InquiryToTicketTest.token("agent")).contentType(ContentType.JSON)
                .body("{\"body\":" + TicketApi.quote(body) + ",\"visibility\":\"" + visibility + "\"}")
                .when().post("/api/v1/tickets/" + ticket + "/messages")
                .then().statusCode(201).extract().jsonPath().getLong("id");
    }

    private static Response retry(long ticket, UUID delivery) {
        return given().auth().oauth2(InquiryToTicketTest.token("agent"))
                .when().post("/api/v1/tickets/" + ticket + "/deliveries/" + delivery + "/retry");
    }

    private static void awaitDelivery(long ticket, long message, String status) {
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> get(ticket, "agent").then()
                .body(message(message) + ".delivery.status", equalTo(status)));
    }

    private static UUID send(long ticket, String type, String data) {
        UUID id = UUID.randomUUID();
        TestProducer.sendCloudEvent("deliveries.v1", Long.toString(ticket), id, type, data);
        return id;
    }

    static String sent(UUID delivery, long ticket, long message, String sentAt) {
        return """
                {"deliveryId":"%s","ticketId":%d,"messageId":%d,"kind":"reply","channel":"email","recipient":"taro@example.jp",
                 "attempts":1,"channelReference":"<delivery.%s@support.example.jp>","causationId":"%s","sentAt":"%s"}
                """.formatted(delivery, ticket, message, delivery, UUID.randomUUID(), sentAt);
    }

    private static String failed(UUID delivery, long ticket, long message, int attempts, String failedAt) {
        return """
                {"deliveryId":"%s","ticketId":%d,"messageId":%d,"kind":"reply","channel":"email","recipient":"nobody@example.jp",
                 "attempts":%d,"reason":"550 5.1.1 <nobody@example.jp>: user unknown","permanent":true,"failedAt":"%s"}
                """.formatted(delivery, ticket, message, attempts, failedAt);
    }
}
