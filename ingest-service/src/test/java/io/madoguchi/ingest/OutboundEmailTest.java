package io.madoguchi.ingest;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.madoguchi.chassis.testing.PublishedSchemas;
import io.madoguchi.chassis.testing.TestProducer;
import io.madoguchi.chassis.testing.TopicReader;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

/**
 * A public reply on tickets.v1 reaches the customer's mailbox (GreenMail's SMTP server) in their own thread, once,
 * and its outcome is published on deliveries.v1. The ticket events are what ticket-service publishes, sent here by
 * the test.
 */
@QuarkusTest
@WithTestResource(IngestTestResource.class)
class OutboundEmailTest {

    private static final String CREATED = "io.madoguchi.ticket.created.v1";
    private static final String MESSAGE_ADDED = "io.madoguchi.ticket.message-added.v1";

    @Test
    void aPublicReplyReachesTheCustomerOnceInTheirOwnThreadAndInternalNotesNever() throws Exception {
        String run = UUID.randomUUID().toString();
        String customer = "kaori." + run.substring(0, 8) + "@example.jp";
        String customerMessageId = run + "@mail.example.jp";
        String inquiryId = EmailAdapterTest.post("mx", mail(customer, customerMessageId, "請求書の再発行 " + run))
                .statusCode(202).extract().path("inquiryId");
        long ticket = ThreadLocalRandom.current().nextLong(1_000_000, 2_000_000_000);
        TestProducer.sendCloudEvent("tickets.v1", Long.toString(ticket), UUID.randomUUID(), CREATED, created(ticket, customer, run, inquiryId));

        UUID note = UUID.randomUUID();
        TestProducer.sendCloudEvent("tickets.v1", Long.toString(ticket), note, MESSAGE_ADDED,
                message(ticket, 2, "agent", "internal", "社内メモ: 経理に確認中 " + run));
        UUID reply = UUID.randomUUID();
        String replyData = message(ticket, 3, "agent", "public", "山田様\n再発行した請求書をお送りします。\n" + run);
        TestProducer.sendCloudEvent("tickets.v1", Long.toString(ticket), reply, MESSAGE_ADDED, replyData);
        // the same event again, as after a producer's retry: no second mail
        TestProducer.sendCloudEvent("tickets.v1", Long.toString(ticket), reply, MESSAGE_ADDED, replyData);
        UUID marker = UUID.randomUUID();
        TestProducer.sendCloudEvent("tickets.v1", Long.toString(ticket), marker, MESSAGE_ADDED,
                message(ticket, 4, "agent", "public", "追伸 " + run));

        // the marker reply is delivered after the others: by then the note and the redelivery would have arrived too
        await().atMost(Duration.ofSeconds(30)).until(() -> inbox(customer).size() >= 2);
        List<MimeMessage> inbox = inbox(customer);
        assertEquals(2, inbox.size(), "the reply once and the marker; the internal note never");
        MimeMessage mail = inbox.stream().filter(m -> text(m).contains("再発行した請求書")).findFirst().orElseThrow();

        assertEquals("support@example.jp", ((jakarta.mail.internet.InternetAddress) mail.getFrom()[0]).getAddress());
        assertEquals(customer, ((jakarta.mail.internet.InternetAddress) mail.getRecipients(Message.RecipientType.TO)[0]).getAddress());
        assertEquals("support+T-" + ticket + "@example.jp", ((jakarta.mail.internet.InternetAddress) mail.getReplyTo()[0]).getAddress());
        assertEquals("Re: 請求書の再発行 " + run + " [#T-" + ticket + "]", mail.getSubject());
        assertEquals("<" + customerMessageId + ">", mail.getHeader("In-Reply-To", null));
        assertTrue(mail.getHeader("References", null).contains("<" + customerMessageId + ">"), mail.getHeader("References", null));
        assertNull(mail.getHeader("Auto-Submitted", null), "a reply written by an agent is no automatic answer");
        String messageId = mail.getMessageID();
        assertTrue(messageId.matches("<delivery\\.[0-9a-f-]{36}@example\\.jp>"), messageId);
        assertTrue(mail.getContentType().startsWith("multipart/"), mail.getContentType());
        assertTrue(text(mail).contains("山田様\n再発行した請求書をお送りします。"), text(mail));
        assertTrue(html(mail).contains("山田様"), "the HTML part carries the same text");

        ConsumerRecord<String, String> sent = awaitOutcome(ticket, 3);
        assertEquals("io.madoguchi.delivery.sent.v1", TopicReader.header(sent, "ce_type"));
        PublishedSchemas.assertValid(sent);
        JsonNode data = InquiryEvents.JSON.readTree(sent.value());
        assertEquals(messageId, data.get("channelReference").asText());
        assertEquals(reply.toString(), data.get("causationId").asText());
        assertEquals("reply", data.get("kind").asText());
        assertEquals("email", data.get("channel").asText());
        assertEquals(customer, data.get("recipient").asText());
        assertEquals(1, outcomes(ticket, 3).size(), "one outcome for the reply delivered once");
    }

    @Test
    void aReplyOfATicketInAQueueWithItsOwnAddressComesFromThatAddress() throws Exception {
        String run = UUID.randomUUID().toString();
        String customer = "billing." + run.substring(0, 8) + "@example.jp";
        String inquiryId = EmailAdapterTest.post("mx", mail(customer, run + "@mail.example.jp", "請求額が違います " + run))
                .statusCode(202).extract().path("inquiryId");
        long ticket = ThreadLocalRandom.current().nextLong(1_000_000, 2_000_000_000);
        TestProducer.sendCloudEvent("tickets.v1", Long.toString(ticket), UUID.randomUUID(), CREATED, created(ticket, customer, run, inquiryId));
        TestProducer.sendCloudEvent("tickets.v1", Long.toString(ticket), UUID.randomUUID(), MESSAGE_ADDED,
                message(ticket, 2, "agent", "public", "確認いたします " + run).replace("{\"ticketId\":" + ticket + ",",
                        "{\"ticketId\":" + ticket + ",\"queue\":\"billing\","));

        await().atMost(Duration.ofSeconds(30)).until(() -> inbox(customer).size() >= 1);
        MimeMessage mail = inbox(customer).get(0);
        assertEquals("billing@example.jp", ((jakarta.mail.internet.InternetAddress) mail.getFrom()[0]).getAddress(),
                "from the support address of the queue the reply names");
        assertEquals("Billing", ((jakarta.mail.internet.InternetAddress) mail.getFrom()[0]).getPersonal());
        assertEquals("support+T-" + ticket + "@example.jp", ((jakarta.mail.internet.InternetAddress) mail.getReplyTo()[0]).getAddress(),
                "answers still thread back through the ticket's own address");

        // a reply from a ticket-service that did not name the queue yet comes from the queue named before
        TestProducer.sendCloudEvent("tickets.v1", Long.toString(ticket), UUID.randomUUID(), MESSAGE_ADDED,
                message(ticket, 3, "agent", "public", "追ってご連絡します " + run));
        await().atMost(Duration.ofSeconds(30)).until(() -> inbox(customer).size() >= 2);
        for (MimeMessage reply : inbox(customer)) {
            assertEquals("billing@example.jp", ((jakarta.mail.internet.InternetAddress) reply.getFrom()[0]).getAddress());
        }
    }

    @Test
    void aMailboxThatDoesNotExistEndsFailedAtOnceWithTheServersAnswer() throws Exception {
        String run = UUID.randomUUID().toString();
        String customer = "gone." + run.substring(0, 8) + "@" + SupportMailServer.UNKNOWN_DOMAIN;
        String inquiryId = EmailAdapterTest.post("mx", mail(customer, run + "@mail.example.jp", "退会について " + run))
                .statusCode(202).extract().path("inquiryId");
        long ticket = ThreadLocalRandom.current().nextLong(1_000_000, 2_000_000_000);
        TestProducer.sendCloudEvent("tickets.v1", Long.toString(ticket), UUID.randomUUID(), CREATED, created(ticket, customer, run, inquiryId));
        UUID reply = UUID.randomUUID();
        TestProducer.sendCloudEvent("tickets.v1", Long.toString(ticket), reply, MESSAGE_ADDED,
                message(ticket, 2, "agent", "public", "ご連絡ありがとうございます " + run));

        ConsumerRecord<String, String> failed = awaitOutcome(ticket, 2);
        assertEquals("io.madoguchi.delivery.failed.v1", TopicReader.header(failed, "ce_type"));
        PublishedSchemas.assertValid(failed);
        JsonNode data = InquiryEvents.JSON.readTree(failed.value());
        assertTrue(data.get("permanent").asBoolean(), "a 5xx is for good");
        assertEquals(1, data.get("attempts").asInt(), "not tried again");
        assertTrue(data.get("reason").asText().contains("550"), data.get("reason").asText());
        assertTrue(data.get("reason").asText().contains("user unknown"), data.get("reason").asText());
        assertEquals(List.of(), inbox(customer));
    }

    @Test
    void anAgentsRetryOfAFailedDeliverySendsItOnce() throws Exception {
        String run = UUID.randomUUID().toString();
        String customer = "moved." + run.substring(0, 8) + "@example.jp";
        SupportMailServer.REFUSED.add(customer);
        String inquiryId = EmailAdapterTest.post("mx", mail(customer, run + "@mail.example.jp", "住所変更 " + run))
                .statusCode(202).extract().path("inquiryId");
        long ticket = ThreadLocalRandom.current().nextLong(1_000_000, 2_000_000_000);
        TestProducer.sendCloudEvent("tickets.v1", Long.toString(ticket), UUID.randomUUID(), CREATED, created(ticket, customer, run, inquiryId));
        TestProducer.sendCloudEvent("tickets.v1", Long.toString(ticket), UUID.randomUUID(), MESSAGE_ADDED,
                message(ticket, 2, "agent", "public", "住所を変更しました " + run));
        ConsumerRecord<String, String> failed = awaitOutcome(ticket, 2);
        assertEquals("io.madoguchi.delivery.failed.v1", TopicReader.header(failed, "ce_type"));
        String deliveryId = InquiryEvents.JSON.readTree(failed.value()).get("deliveryId").asText();

        // the mailbox works again; the agent asks for the delivery to be tried again, and the request arrives twice
        SupportMailServer.REFUSED.remove(customer);
        UUID retry = UUID.randomUUID();
        String retryData = "{\"ticketId\":" + ticket + ",\"deliveryId\":\"" + deliveryId + "\",\"messageId\":2,\"requestedBy\":\"mei\","
                + "\"requestedAt\":\"" + Instant.now() + "\"}";
        TestProducer.sendCloudEvent("tickets.v1", Long.toString(ticket), retry, "io.madoguchi.ticket.delivery-retry-requested.v1", retryData);
        TestProducer.sendCloudEvent("tickets.v1", Long.toString(ticket), retry, "io.madoguchi.ticket.delivery-retry-requested.v1", retryData);
        // a later reply of the same ticket is the marker: delivered after the retries were taken up
        TestProducer.sendCloudEvent("tickets.v1", Long.toString(ticket), UUID.randomUUID(), MESSAGE_ADDED,
                message(ticket, 3, "agent", "public", "追伸 " + run));

        await().atMost(Duration.ofSeconds(30)).until(() -> inbox(customer).size() >= 2 && outcomes(ticket, 2).size() >= 2);
        assertEquals(2, inbox(customer).size(), "the retried reply once, and the marker");
        List<ConsumerRecord<String, String>> outcomes = outcomes(ticket, 2);
        assertEquals(2, outcomes.size(), "failed, then sent once");
        ConsumerRecord<String, String> sent = outcomes.get(1);
        assertEquals("io.madoguchi.delivery.sent.v1", TopicReader.header(sent, "ce_type"));
        JsonNode data = InquiryEvents.JSON.readTree(sent.value());
        assertEquals(deliveryId, data.get("deliveryId").asText(), "the same delivery, kept across the retry");
        assertEquals(retry.toString(), data.get("causationId").asText());
        assertEquals(1, data.get("attempts").asInt());
    }

    /** The deliveries.v1 record of the ticket's message, once there is one. */
    static ConsumerRecord<String, String> awaitOutcome(long ticket, long messageId) {
        await().atMost(Duration.ofSeconds(30)).until(() -> !outcomes(ticket, messageId).isEmpty());
        return outcomes(ticket, messageId).get(0);
    }

    static List<ConsumerRecord<String, String>> outcomes(long ticket, long messageId) {
        return TopicReader.readToEnd("deliveries.v1").stream()
                .filter(r -> Long.toString(ticket).equals(r.key()) && r.value().contains("\"messageId\":" + messageId + ","))
                .toList();
    }

    static List<MimeMessage> inbox(String address) {
        return Arrays.stream(IngestTestResource.mail().getReceivedMessages()).filter(m -> {
            try {
                return Arrays.stream(m.getAllRecipients()).anyMatch(a -> a.toString().contains(address));
            } catch (jakarta.mail.MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    static String created(long ticket, String customer, String run, String inquiryId) {
        return """
                {"ticketId":%d,"conversationKey":"email:%s@mail.example.jp","status":"new","priority":"normal","channel":"email",
                 "subject":"請求書の再発行 %s","requester":{"channelUserId":"%s","email":"%s","displayName":"山田 花子"},
                 "createdAt":"%s","message":{"messageId":1,"inquiryId":"%s","authorType":"requester","visibility":"public",
                 "channel":"email","body":"請求書を再発行してください","createdAt":"%s"}}
                """.formatted(ticket, run, run, customer, customer, Instant.now(), inquiryId, Instant.now());
    }

    static String message(long ticket, long messageId, String authorType, String visibility, String body) {
        return """
                {"ticketId":%d,"message":{"messageId":%d,"authorType":"%s","authorId":"alice","visibility":"%s","channel":"email",
                 "body":"%s","createdAt":"%s"}}
                """.formatted(ticket, messageId, authorType, visibility, body.replace("\n", "\\n"), Instant.now());
    }

    static byte[] mail(String from, String messageId, String subject) {
        return ("From: Hanako <" + from + ">\r\nTo: support@example.jp\r\nSubject: =?UTF-8?B?"
                + java.util.Base64.getEncoder().encodeToString(subject.getBytes(UTF_8)) + "?=\r\n"
                + "Message-ID: <" + messageId + ">\r\nDate: Fri, 4 Dec 2026 10:00:00 +0900\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n請求書を再発行してください\r\n").getBytes(UTF_8);
    }

    static String text(MimeMessage mail) {
        return part(mail, "text/plain");
    }

    static String html(MimeMessage mail) {
        return part(mail, "text/html");
    }

    private static String part(MimeMessage mail, String type) {
        try {
            return find(mail.getContent(), type).replace("\r\n", "\n");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String find(Object content, String type) throws Exception {
        if (content instanceof MimeMultipart multipart) {
            for (int i = 0; i < multipart.getCount(); i++) {
                var part = multipart.getBodyPart(i);
                if (part.isMimeType(type)) {
                    return (String) part.getContent();
                }
                String inner = find(part.getContent(), type);
                if (!inner.isEmpty()) {
                    return inner;
                }
            }
        }
        return "";
    }
}
