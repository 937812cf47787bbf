package io.madoguchi.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.madoguchi.chassis.testing.PublishedSchemas;
import io.madoguchi.chassis.testing.TopicReader;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

/**
 * A delivery status notification (RFC 3464) is recorded as automated mail with the failed recipient and the original
 * Message-ID, not as attachments; the bounce of a reply we sent fails that delivery once, with the reason it gives.
 */
@QuarkusTest
@WithTestResource(IngestTestResource.class)
class BounceTest {

    private static final String FAILED = "io.madoguchi.delivery.failed.v1";

    @Test
    void aBounceOfASentReplyFailsItsDeliveryOnceWithTheReasonFromTheReport() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String customer = "gone." + run + "@example.jp";
        long ticket = TicketReplies.ticket("email", "email:<q-" + run + "@example.jp>", customer, customer);
        TicketReplies.reply(ticket, 2, "請求書を再発行しました。");
        JsonNode sent = TicketReplies.sent(ticket, 2);
        String deliveryId = sent.get("deliveryId").asText();
        String messageId = "delivery." + deliveryId + "@example.jp";

        byte[] dsn = postfixBounce(run, customer, messageId);
        deliverToSupport(dsn);
        // the gateway posts it too, twice, and the other MTA of the route reports the same failure
        EmailAdapterTest.post("mx", dsn).statusCode(202);
        EmailAdapterTest.post("mx", dsn).statusCode(202);
        EmailAdapterTest.post("mx", postfixBounce(run + "-relay", customer, messageId)).statusCode(202);

        TopicReader.readUntil("deliveries.v1", rs -> rs.stream().anyMatch(r -> r.value().contains(deliveryId)
                && FAILED.equals(TopicReader.header(r, "ce_type"))), Duration.ofSeconds(20));
        JsonNode failed = TopicReader.readToEnd("deliveries.v1").stream().filter(r -> r.value().contains(deliveryId)
                && FAILED.equals(TopicReader.header(r, "ce_type"))).map(TicketReplies::data).findFirst().orElseThrow();
        assertEquals(deliveryId, failed.get("deliveryId").asText());
        assertTrue(failed.get("reason").asText().contains("5.1.1"), failed.toString());
        assertTrue(failed.get("reason").asText().contains("User unknown"), failed.toString());
        assertTrue(failed.get("permanent").asBoolean());

        // a marker: a later reply's outcome; once it is out, a second failure of the bounced one would be out too
        TicketReplies.reply(ticket, 3, "marker " + run);
        TicketReplies.sent(ticket, 3);
        List<ConsumerRecord<String, String>> outcomes = TopicReader.readToEnd("deliveries.v1").stream()
                .filter(r -> r.value().contains(deliveryId)).toList();
        outcomes.forEach(PublishedSchemas::assertValid);
        assertEquals(2, outcomes.size(), "sent, then failed once: " + outcomes);

        try (Connection c = IngestTestResource.database(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT status, last_error FROM delivery WHERE id = '" + deliveryId + "'")) {
                assertTrue(rs.next());
                assertEquals("FAILED", rs.getString(1));
                assertTrue(rs.getString(2).contains(customer), rs.getString(2));
            }
        }
        Awaitility.await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            try (Connection c = IngestTestResource.database(); Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT i.status, i.status_reason, i.event_data,"
                            + " (SELECT count(*) FROM attachment a WHERE a.inquiry_id = i.id) FROM inquiry i"
                            + " WHERE i.dedupe_key = 'message-id:20261204093012.4F1A2C0B5D." + run + "@mx.example.jp'"
                            + " AND i.source = 'support@127.0.0.1'")) {
                assertTrue(rs.next(), "the bounce taken in from the mailbox");
                assertEquals("automated", rs.getString(1));
                assertTrue(List.of("auto-submitted", "delivery-report").contains(rs.getString(2)), rs.getString(2));
                JsonNode data = InquiryEvents.JSON.readTree(rs.getString(3));
                assertEquals(customer, data.at("/metadata/email/bounce/failedRecipients/0").asText(), data.toString());
                assertEquals(messageId, data.at("/metadata/email/bounce/originalMessageId").asText());
                assertEquals(0, rs.getInt(4), "the report's parts are no attachments");
                assertFalse(data.toString().contains("delivery-status"), data.toString());
            }
        });
    }

    private static void deliverToSupport(byte[] raw) throws Exception {
        IngestTestResource.mail().getUserManager().getUserByEmail("support@example.jp")
                .deliver(new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(raw)));
    }

    /** A bounce as Postfix writes it: a human part, the delivery-status report and the returned headers. */
    static byte[] postfixBounce(String run, String recipient, String originalMessageId) {
        String boundary = "4F1A2C0B5D." + run + "/mx.example.jp";
        return ("Return-Path: <>\r\n"
                + "From: MAILER-DAEMON@mx.example.jp (Mail Delivery System)\r\n"
                + "Subject: Undelivered Mail Returned to Sender\r\n"
                + "To: support@example.jp\r\n"
                + "Auto-Submitted: auto-replied\r\n"
                + "MIME-Version: 1.0\r\n"
                + "Content-Type: multipart/report; report-type=delivery-status;\r\n\tboundary=\"" + boundary + "\"\r\n"
                + "Content-Transfer-Encoding: 8bit\r\n"
                + "Message-Id: <20261204093012.4F1A2C0B5D." + run + "@mx.example.jp>\r\n"
                + "Date: Fri,  4 Dec 2026 18:30:12 +0900 (JST)\r\n"
                + "\r\n"
                + "This is a MIME-encapsulated message.\r\n\r\n"
                + "--" + boundary + "\r\n"
                + "Content-Description: Notification\r\n"
                + "Content-Type: text/plain; charset=us-ascii\r\n\r\n"
                + "This is the mail system at host mx.example.jp.\r\n\r\n"
                + "I'm sorry to have to inform you that your message could not\r\nbe delivered to one or more recipients.\r\n\r\n"
                + "<" + recipient + ">: host mail.example.jp[203.0.113.5] said: 550 5.1.1\r\n    <" + recipient
                + ">: Recipient address rejected: User unknown (in reply to RCPT TO\r\n    command)\r\n\r\n"
                + "--" + boundary + "\r\n"
                + "Content-Description: Delivery report\r\n"
                + "Content-Type: message/delivery-status\r\n\r\n"
                + "Reporting-MTA: dns; mx.example.jp\r\n"
                + "X-Postfix-Queue-ID: 4F1A2C0B5D\r\n"
                + "X-Postfix-Sender: rfc822; support@example.jp\r\n"
                + "Arrival-Date: Fri,  4 Dec 2026 18:30:11 +0900 (JST)\r\n\r\n"
                + "Final-Recipient: rfc822; " + recipient + "\r\n"
                + "Original-Recipient: rfc822;" + recipient + "\r\n"
                + "Action: failed\r\n"
                + "Status: 5.1.1\r\n"
                + "Remote-MTA: dns; mail.example.jp\r\n"
                + "Diagnostic-Code: smtp; 550 5.1.1 <" + recipient + ">: Recipient address rejected:\r\n    User unknown\r\n\r\n"
                + "--" + boundary + "\r\n"
                + "Content-Description: Undelivered Message Headers\r\n"
                + "Content-Type: text/rfc822-headers\r\n\r\n"
                + "Return-Path: <support@example.jp>\r\n"
                + "From: Support <support@example.jp>\r\n"
                + "To: " + recipient + "\r\n"
                + "Subject: =?UTF-8?B?UmU6IOOBiuWVj+OBhOWQiOOCj+OBmw==?= [#T-1]\r\n"
                + "Message-ID: <" + originalMessageId + ">\r\n"
                + "MIME-Version: 1.0\r\n\r\n"
                + "--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
    }
}
