package io.madoguchi.ticket;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.madoguchi.chassis.testing.TestProducer;
import io.madoguchi.chassis.testing.TopicReader;
import io.madoguchi.infra.DevTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(TicketTestResource.class)
class InquiryToTicketTest {

    private static final String INQUIRY = "io.madoguchi.inquiry.received.v1";
    private static final String CORRECTED = "io.madoguchi.inquiry.corrected.v1";
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void inquiryCreatesTicketAndFollowUpAppendsToIt() throws Exception {
        String conversation = "email:<" + UUID.randomUUID() + "@example.jp>";
        UUID first = UUID.randomUUID();
        TestProducer.sendCloudEvent("inquiries.v1", conversation, UUID.randomUUID(), INQUIRY,
                Events.inquiry(first, conversation, "ログインできません", "パスワードを忘れました"));

        ConsumerRecord<String, String> created = awaitEvent("io.madoguchi.ticket.created.v1", first);
        JsonNode data = json.readTree(created.value());
        long ticketId = data.get("ticketId").asLong();
        assertEquals(Long.toString(ticketId), created.key());
        assertEquals(Long.toString(ticketId), TopicReader.header(created, "ce_subject"));
        assertEquals("/ticket-service", TopicReader.header(created, "ce_source"));
        assertEquals("ログインできません", data.get("subject").asText());
        assertNotNull(data.get("inquiryReceivedAt"));

        UUID followUp = UUID.randomUUID();
        TestProducer.sendCloudEvent("inquiries.v1", conversation, UUID.randomUUID(), INQUIRY,
                Events.inquiry(followUp, conversation, "Re: ログインできません", "まだできません"));
        ConsumerRecord<String, String> added = awaitEvent("io.madoguchi.ticket.message-added.v1", followUp);
        assertEquals(ticketId, json.readTree(added.value()).get("ticketId").asLong());

        given().auth().oauth2(token("agent"))
                .when().get("/api/v1/tickets/" + ticketId)
                .then().statusCode(200)
                .body("reference", equalTo("T-" + ticketId))
                .body("status", equalTo("new"))
                .body("conversationKey", equalTo(conversation))
                .body("requester.email", equalTo("taro@example.jp"))
                .body("messages.body", contains("パスワードを忘れました", "まだできません"))
                .body("messages.authorType", contains("requester", "requester"));
    }

    @Test
    void theCustomersAttachmentsAreListedOnTheirMessageAndCarriedByTheTicketsEvents() throws Exception {
        String conversation = "form:web/" + UUID.randomUUID();
        UUID first = UUID.randomUUID();
        String sha = "9f2c".repeat(16);
        String attachments = ",\"attachments\":[{\"filename\":\"請求書.png\",\"contentType\":\"image/png\",\"size\":20480,\"sha256\":\"" + sha + "\"}]";
        JsonNode created = TicketApi.sendInquiry(TicketApi.inquiry(first, "form", conversation, null, "hana@example.jp", "Invoice",
                "The invoice is attached.", attachments.substring(1)), first, conversation);
        long ticketId = created.get("ticketId").asLong();
        assertEquals(sha, created.at("/message/attachments/0/sha256").asText(), "the created event carries the digest: " + created);
        assertEquals("請求書.png", created.at("/message/attachments/0/filename").asText());
        given().auth().oauth2(token("agent")).when().get("/api/v1/tickets/" + ticketId).then().statusCode(200)
                .body("messages[0].attachments[0].sha256", equalTo(sha)).body("messages[0].attachments[0].size", equalTo(20480))
                .body("messages[0].attachments[0].contentType", equalTo("image/png"));
        EventSchemas.assertValid(EventSchemas.eventsOf(ticketId));
    }

    @Test
    void redeliveredOrRepublishedInquiryChangesNothing() {
        String conversation = "api:crm/" + UUID.randomUUID();
        UUID inquiryId = UUID.randomUUID();
        UUID eventId = UUID.randomUUID();
        String data = Events.inquiry(inquiryId, conversation, "Invoice", "Where is my invoice?");
        TestProducer.sendCloudEvent("inquiries.v1", conversation, eventId, INQUIRY, data);
        TestProducer.sendCloudEvent("inquiries.v1", conversation, eventId, INQUIRY, data);
        // the same inquiry under a new event id (an upstream relay re-sent it) is still one message
        TestProducer.sendCloudEvent("inquiries.v1", conversation, UUID.randomUUID(), INQUIRY, data);
        long ticketId = ticketIdOf(awaitEvent("io.madoguchi.ticket.created.v1", inquiryId));

        UUID marker = UUID.randomUUID();
        TestProducer.sendCloudEvent("inquiries.v1", conversation, UUID.randomUUID(), INQUIRY,
                Events.inquiry(marker, conversation, "Invoice", "marker"));
        awaitEvent("io.madoguchi.ticket.message-added.v1", marker);

        // the marker's event is relayed after every event of the inquiry before it (one key, one partition, outbox order)
        List<ConsumerRecord<String, String>> forInquiry = TopicReader.readToEnd("tickets.v1").stream()
                .filter(r -> r.value().contains(inquiryId.toString())).toList();
        assertEquals(1, forInquiry.size(), "one ticket event for the inquiry, whatever the redeliveries");
        given().auth().oauth2(token("agent"))
                .when().get("/api/v1/tickets/" + ticketId)
                .then().statusCode(200)
                .body("messages", hasSize(2))
                .body("messages.body", contains("Where is my invoice?", "marker"));
    }

    @Test
    void aCorrectedInquiryShowsItsNewTextAsAnEditOnceAndALateOlderCorrectionChangesNothing() {
        String conversation = "slack:T0001/C0SUPPORT/" + UUID.randomUUID();
        UUID inquiryId = UUID.randomUUID();
        TestProducer.sendCloudEvent("inquiries.v1", conversation, UUID.randomUUID(), INQUIRY,
                Events.inquiry(inquiryId, conversation, "Login", "ログインできません"));
        long ticketId = ticketIdOf(awaitEvent("io.madoguchi.ticket.created.v1", inquiryId));

        UUID firstCorrection = UUID.randomUUID();
        String first = Events.correctedInquiry(inquiryId, conversation, "Login", "ログインできません、@sato さんも", 1);
        TestProducer.sendCloudEvent("inquiries.v1", conversation, firstCorrection, CORRECTED, first);
        TestProducer.sendCloudEvent("inquiries.v1", conversation, firstCorrection, CORRECTED, first);
        TestProducer.sendCloudEvent("inquiries.v1", conversation, UUID.randomUUID(), CORRECTED,
                Events.correctedInquiry(inquiryId, conversation, "Login", "二段階認証のコードが届きません", 2));
        // the first correction again, under a new event id (a relay re-sent it), after the second
        TestProducer.sendCloudEvent("inquiries.v1", conversation, UUID.randomUUID(), CORRECTED, first);

        List<ConsumerRecord<String, String>> edits = EventSchemas.eventsOf(ticketId).stream()
                .filter(r -> "io.madoguchi.ticket.message-edited.v1".equals(TopicReader.header(r, "ce_type"))).toList();
        assertEquals(2, edits.size(), "one edit per revision, none for a redelivery or a late older revision");
        EventSchemas.assertValid(edits);
        assertEquals(2, EventSchemas.data(edits.get(1)).get("revision").asInt());
        given().auth().oauth2(token("agent"))
                .when().get("/api/v1/tickets/" + ticketId)
                .then().statusCode(200)
                .body("messages", hasSize(1))
                .body("messages[0].body", equalTo("二段階認証のコードが届きません"))
                .body("messages[0].editedAt", org.hamcrest.Matchers.notNullValue());
    }

    @Test
    void routingDecisionIsRecordedOnTheTicket() {
        String conversation = "slack:T1/C1/" + UUID.randomUUID();
        UUID inquiryId = UUID.randomUUID();
        TestProducer.sendCloudEvent("inquiries.v1", conversation, UUID.randomUUID(), INQUIRY,
                Events.inquiry(inquiryId, conversation, "Bug", "Stack trace attached"));
        long ticketId = ticketIdOf(awaitEvent("io.madoguchi.ticket.created.v1", inquiryId));

        TestProducer.sendCloudEvent("escalations.v1", Long.toString(ticketId), UUID.randomUUID(), "io.madoguchi.escalation.routed.v1",
                "{\"ticketId\":%d,\"queue\":\"dev-oncall\",\"rule\":\"default\",\"routedAt\":\"2026-11-22T00:00:00Z\"}".formatted(ticketId));

        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(token("admin"))
                .when().get("/api/v1/tickets/" + ticketId)
                .then().statusCode(200).body("queue", equalTo("dev-oncall")));
        List<ConsumerRecord<String, String>> assigned = TopicReader.readUntil("tickets.v1",
                rs -> rs.stream().anyMatch(r -> isAssignedFor(r, ticketId)), Duration.ofSeconds(10))
                .stream().filter(r -> isAssignedFor(r, ticketId)).toList();
        assertEquals(1, assigned.size());
    }

    @Test
    void agentApiRequiresAValidTokenWithAnAgentRole() {
        given().when().get("/api/v1/tickets/1")
                .then().statusCode(401).contentType("application/problem+json").header("WWW-Authenticate", "Bearer");
        given().auth().oauth2("not-a-jwt").when().get("/api/v1/tickets/1")
                .then().statusCode(401).contentType("application/problem+json");
        String forged = DevTokens.generate().mint("mallory", Set.of("admin"), Duration.ofMinutes(5));
        given().auth().oauth2(forged).when().get("/api/v1/tickets/1")
                .then().statusCode(401);
        given().auth().oauth2(token("viewer")).when().get("/api/v1/tickets/1")
                .then().statusCode(403).contentType("application/problem+json");
        given().auth().oauth2(token("agent")).when().get("/api/v1/tickets/999999999")
                .then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(token("agent")).when().get("/api/v1/tickets/abc")
                .then().statusCode(404);
    }

    static String token(String role) {
        return TicketTestResource.tokens().mint("agent-" + role, Set.of(role), Duration.ofMinutes(5));
    }

    private boolean isAssignedFor(ConsumerRecord<String, String> r, long ticketId) {
        return "io.madoguchi.ticket.assigned.v1".equals(TopicReader.header(r, "ce_type")) && r.key().equals(Long.toString(ticketId));
    }

    private long ticketIdOf(ConsumerRecord<String, String> record) {
        try {
            return json.readTree(record.value()).get("ticketId").asLong();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static ConsumerRecord<String, String> awaitEvent(String type, UUID inquiryId) {
        List<ConsumerRecord<String, String>> found = TopicReader.readUntil("tickets.v1",
                        rs -> rs.stream().anyMatch(r -> matches(r, type, inquiryId)), Duration.ofSeconds(20))
                .stream().filter(r -> matches(r, type, inquiryId)).toList();
        assertEquals(1, found.size(), type + " for inquiry " + inquiryId);
        return found.get(0);
    }

    private static boolean matches(ConsumerRecord<String, String> r, String type, UUID inquiryId) {
        return type.equals(TopicReader.header(r, "ce_type")) && r.value().contains(inquiryId.toString());
    }
}
