package io.madoguchi.ingest;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.madoguchi.chassis.testing.ConsumerProbes;
import io.madoguchi.chassis.testing.PublishedSchemas;
import io.madoguchi.chassis.testing.ServiceTestResource;
import io.madoguchi.chassis.testing.TestProducer;
import io.madoguchi.chassis.testing.TopicReader;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

/**
 * What Madoguchi writes on its own reaches the customer: the acknowledgement of a new ticket (on for the api channel
 * in these tests) and the satisfaction survey of a solved one, in the requester's language, once each.
 */
@QuarkusTest
@WithTestResource(IngestTestResource.class)
class AcknowledgementAndSurveyTest {

    private static final String CREATED = "io.madoguchi.ticket.created.v1";
    private static final String SURVEY_REQUESTED = "io.madoguchi.ticket.survey-requested.v1";

    @Test
    void aNewTicketIsAcknowledgedOnceInTheRequestersLanguageAsAnAutomaticAnswer() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String customer = "taro." + run + "@example.jp";
        String inquiryId = apiInquiry(customer, "配送の遅れ " + run, "注文した商品がまだ届きません。");
        long ticket = newTicketId();
        UUID created = UUID.randomUUID();
        String data = created(ticket, "api", "api:" + inquiryId, "配送の遅れ " + run, customer, inquiryId);
        TestProducer.sendCloudEvent("tickets.v1", Long.toString(ticket), created, CREATED, data);
        TestProducer.sendCloudEvent("tickets.v1", Long.toString(ticket), created, CREATED, data);

        ConsumerRecord<String, String> sent = awaitOutcome(ticket, "acknowledgement");
        assertEquals("io.madoguchi.delivery.sent.v1", TopicReader.header(sent, "ce_type"));
        PublishedSchemas.assertValid(sent);
        List<MimeMessage> inbox = OutboundEmailTest.inbox(customer);
        assertEquals(1, inbox.size(), "acknowledged once, though the created event came twice");
        MimeMessage mail = inbox.get(0);
        assertEquals("[#T-" + ticket + "] お問い合わせを受け付けました: 配送の遅れ " + run, mail.getSubject());
        assertEquals("auto-replied", mail.getHeader("Auto-Submitted", null), "RFC 3834: an automatic answer");
        assertEquals("support+T-" + ticket + "@example.jp", ((InternetAddress) mail.getReplyTo()[0]).getAddress());
        assertTrue(OutboundEmailTest.text(mail).contains("受付番号 T-" + ticket), OutboundEmailTest.text(mail));
        assertEquals(1, outcomes(ticket, "acknowledgement").size());

        String englishCustomer = "jane." + run + "@example.com";
        String englishInquiry = apiInquiry(englishCustomer, "Invoice " + run, "My invoice shows the wrong address.");
        long englishTicket = newTicketId();
        TestProducer.sendCloudEvent("tickets.v1", Long.toString(englishTicket), UUID.randomUUID(), CREATED,
                created(englishTicket, "api", "api:" + englishInquiry, "Invoice " + run, englishCustomer, englishInquiry));
        awaitOutcome(englishTicket, "acknowledgement");
        MimeMessage english = OutboundEmailTest.inbox(englishCustomer).get(0);
        assertEquals("[#T-" + englishTicket + "] We received your request: Invoice " + run, english.getSubject());
        assertTrue(OutboundEmailTest.text(english).contains("Your request is T-" + englishTicket), OutboundEmailTest.text(english));
    }

    @Test
    void theSurveyOfASolvedTicketReachesTheCustomerInTheirThreadWithOneClickRatings() throws Exception {
        String run = UUID.randomUUID().toString();
        String customer = "hanako." + run.substring(0, 8) + "@example.jp";
        String customerMessageId = run + "@mail.example.jp";
        String inquiryId = EmailAdapterTest.post("mx", OutboundEmailTest.mail(customer, customerMessageId, "請求書の再発行 " + run))
                .statusCode(202).extract().path("inquiryId");
        long ticket = newTicketId();
        UUID created = UUID.randomUUID();
        TestProducer.sendCloudEvent("tickets.v1", Long.toString(ticket), created, CREATED, OutboundEmailTest.created(ticket, customer, run, inquiryId));
        // solved long after it was created: the request comes from another topic, so wait for the ticket to be known
        await().atMost(Duration.ofSeconds(30)).until(() -> known(ticket));
        UUID request = UUID.randomUUID();
        String token = "tok" + run.replace("-", "");
        String data = surveyRequested(ticket, "email", "email:" + run + "@mail.example.jp", customer, token);
        TestProducer.sendCloudEvent("survey-requests.v1", Long.toString(ticket), request, SURVEY_REQUESTED, data);
        TestProducer.sendCloudEvent("survey-requests.v1", Long.toString(ticket), request, SURVEY_REQUESTED, data);

        ConsumerRecord<String, String> sent = awaitOutcome(ticket, "survey");
        assertEquals("io.madoguchi.delivery.sent.v1", TopicReader.header(sent, "ce_type"));
        List<MimeMessage> inbox = OutboundEmailTest.inbox(customer);
        assertEquals(1, inbox.size(), "one survey, though the request came twice; the email channel is not acknowledged here");
        MimeMessage mail = inbox.get(0);
        assertEquals("[#T-" + ticket + "] 対応はいかがでしたか: 請求書の再発行 " + run, mail.getSubject());
        assertEquals("<" + customerMessageId + ">", mail.getHeader("In-Reply-To", null), "in the customer's thread");
        assertNull(mail.getHeader("Auto-Submitted", null), "a survey asks for an answer: it is no auto-reply");
        // the survey page in the language of the mail
        String good = "https://support.example.jp/survey/" + token + "?rating=good&amp;lang=ja";
        String bad = "https://support.example.jp/survey/" + token + "?rating=bad&amp;lang=ja";
        assertTrue(OutboundEmailTest.text(mail).contains("良かった: " + good.replace("&amp;", "&")), OutboundEmailTest.text(mail));
        assertTrue(OutboundEmailTest.text(mail).contains("良くなかった: " + bad.replace("&amp;", "&")), OutboundEmailTest.text(mail));
        String html = OutboundEmailTest.html(mail);
        assertTrue(html.contains("<a href=\"" + good + "\">"), html);
        assertTrue(html.contains("<a href=\"" + bad + "\">"), html);
    }

    @Test
    void aSurveyRequestReadBeforeItsTicketIsDeliveredFromWhatTheRequestCarries() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String customer = "early." + run + "@example.com";
        long ticket = newTicketId();
        TestProducer.sendCloudEvent("survey-requests.v1", Long.toString(ticket), UUID.randomUUID(), SURVEY_REQUESTED,
                surveyRequested(ticket, "form", "form:" + run, customer, "early" + run, "billing"));

        awaitOutcome(ticket, "survey");
        MimeMessage mail = OutboundEmailTest.inbox(customer).get(0);
        // no inquiry of ingest's own tells the language: the default, Japanese
        assertTrue(mail.getSubject().startsWith("[#T-" + ticket + "] 対応はいかがでしたか"), mail.getSubject());
        assertEquals("billing@example.jp", ((jakarta.mail.internet.InternetAddress) mail.getFrom()[0]).getAddress(),
                "from the support address of the queue the request names");
    }

    @Test
    void aSurveyForARequesterWithoutAnAddressIsFailedVisiblyAtOnce() throws Exception {
        long ticket = newTicketId();
        TestProducer.sendCloudEvent("survey-requests.v1", Long.toString(ticket), UUID.randomUUID(), SURVEY_REQUESTED,
                surveyRequested(ticket, "api", "api:crm/" + ticket, null, "noaddress" + ticket));

        ConsumerRecord<String, String> failed = awaitOutcome(ticket, "survey");
        assertEquals("io.madoguchi.delivery.failed.v1", TopicReader.header(failed, "ce_type"));
        PublishedSchemas.assertValid(failed);
        JsonNode outcome = InquiryEvents.JSON.readTree(failed.value());
        assertTrue(outcome.get("permanent").asBoolean());
        assertTrue(outcome.get("reason").asText().contains("no e-mail address"), outcome.get("reason").asText());
    }

    private static String apiInquiry(String email, String subject, String body) {
        return given().contentType(ContentType.JSON).header("X-Api-Key", "test-crm-key")
                .body("""
                        {"channel":"api","requester":{"id":"%s","email":"%s"},"subject":"%s","body":"%s"}
                        """.formatted(email, email, subject, body))
                .when().post("/api/v1/inquiries")
                .then().statusCode(202).extract().path("inquiryId");
    }

    /** Outbound delivery remembers the ticket (its created event was applied). */
    private static boolean known(long ticket) throws SQLException {
        try (Connection db = ServiceTestResource.database()) {
            return ConsumerProbes.count(db, "SELECT count(*) FROM delivery_ticket WHERE ticket_id = ?", ticket) == 1;
        }
    }

    private static long newTicketId() {
        return ThreadLocalRandom.current().nextLong(1_000_000, 2_000_000_000);
    }

    private static ConsumerRecord<String, String> awaitOutcome(long ticket, String kind) {
        await().atMost(Duration.ofSeconds(30)).until(() -> !outcomes(ticket, kind).isEmpty());
        return outcomes(ticket, kind).get(0);
    }

    private static List<ConsumerRecord<String, String>> outcomes(long ticket, String kind) {
        return TopicReader.readToEnd("deliveries.v1").stream()
                .filter(r -> Long.toString(ticket).equals(r.key()) && r.value().contains("\"kind\":\"" + kind + "\""))
                .toList();
    }

    private static String created(long ticket, String channel, String conversationKey, String subject, String email, String inquiryId) {
        return """
                {"ticketId":%d,"conversationKey":"%s","status":"new","priority":"normal","channel":"%s","subject":"%s",
                 "requester":{"channelUserId":"%s","email":"%s"},"createdAt":"%s",
                 "message":{"messageId":1,"inquiryId":"%s","authorType":"requester","visibility":"public","channel":"%s",
                 "body":"...","createdAt":"%s"}}
                """.formatted(ticket, conversationKey, channel, subject, email, email, Instant.now(), inquiryId, channel, Instant.now());
    }

    static String surveyRequested(long ticket, String channel, String conversationKey, String email, String token) {
        return surveyRequested(ticket, channel, conversationKey, email, token, null);
    }

    static String surveyRequested(long ticket, String channel, String conversationKey, String email, String token, String queue) {
        String page = "https://support.example.jp/survey/" + token;
        String requester = email == null ? "{\"channelUserId\":\"cust-" + ticket + "\"}"
                : "{\"channelUserId\":\"" + email + "\",\"email\":\"" + email + "\"}";
        return """
                {"ticketId":%d,"channel":"%s","conversationKey":"%s","subject":"ご相談",%s"requester":%s,
                 "links":{"page":"%s","good":"%s?rating=good","bad":"%s?rating=bad"},"requestedAt":"%s"}
                """.formatted(ticket, channel, conversationKey, queue == null ? "" : "\"queue\":\"" + queue + "\",", requester, page, page,
                page, Instant.now());
    }
}
