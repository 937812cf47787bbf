package io.madoguchi.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.madoguchi.chassis.testing.PublishedSchemas;
import io.madoguchi.chassis.testing.TestProducer;
import io.madoguchi.chassis.testing.TopicReader;

/**
 * Drives outbound delivery as ticket-service does: a {@code ticket.created} and the agent's public replies on
 * tickets.v1; and reads the outcome of a reply on deliveries.v1, checked against the schema ingest publishes.
 */
final class TicketReplies {

    private TicketReplies() {
    }

    /** A new ticket of the channel's inquiry, whose requester gave no e-mail address unless {@code email} is set. */
    static long ticket(String channel, String conversationKey, String channelUserId, String email) {
        long ticket = ThreadLocalRandom.current().nextLong(1_000_000, 2_000_000_000);
        ObjectNode created = InquiryEvents.JSON.createObjectNode();
        created.put("ticketId", ticket);
        created.put("conversationKey", conversationKey);
        created.put("status", "new");
        created.put("priority", "normal");
        created.put("channel", channel);
        created.put("subject", "お問い合わせ");
        ObjectNode requester = created.putObject("requester");
        requester.put("channelUserId", channelUserId);
        requester.put("email", email);
        requester.put("displayName", "山田 花子");
        created.put("createdAt", Instant.now().toString());
        ObjectNode message = created.putObject("message");
        message.put("messageId", 1);
        message.put("authorType", "requester");
        message.put("visibility", "public");
        message.put("channel", channel);
        message.put("body", "教えてください");
        message.put("createdAt", Instant.now().toString());
        TestProducer.sendCloudEvent("tickets.v1", Long.toString(ticket), UUID.randomUUID(), "io.madoguchi.ticket.created.v1", created.toString());
        return ticket;
    }

    /** An agent's public reply: the tickets.v1 event that asks for a delivery. */
    static void reply(long ticket, long messageId, String body) {
        ObjectNode added = InquiryEvents.JSON.createObjectNode();
        added.put("ticketId", ticket);
        ObjectNode message = added.putObject("message");
        message.put("messageId", messageId);
        message.put("authorType", "agent");
        message.put("authorId", "alice");
        message.put("visibility", "public");
        message.put("body", body);
        message.put("createdAt", Instant.now().toString());
        TestProducer.sendCloudEvent("tickets.v1", Long.toString(ticket), UUID.randomUUID(), "io.madoguchi.ticket.message-added.v1", added.toString());
    }

    /** The delivery's outcome once it is on deliveries.v1, of the type expected (sent or failed), checked against its schema. */
    static JsonNode outcome(long ticket, long messageId, String expectedType) {
        ConsumerRecord<String, String> record = OutboundEmailTest.awaitOutcome(ticket, messageId);
        PublishedSchemas.assertValid(record);
        JsonNode data = data(record);
        assertEquals(expectedType, TopicReader.header(record, "ce_type"), data.toString());
        return data;
    }

    static JsonNode sent(long ticket, long messageId) {
        return outcome(ticket, messageId, "io.madoguchi.delivery.sent.v1");
    }

    static JsonNode failed(long ticket, long messageId) {
        return outcome(ticket, messageId, "io.madoguchi.delivery.failed.v1");
    }

    static JsonNode data(ConsumerRecord<String, String> record) {
        try {
            return InquiryEvents.JSON.readTree(record.value());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
