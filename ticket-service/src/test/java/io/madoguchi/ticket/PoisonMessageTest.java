package io.madoguchi.ticket;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import io.madoguchi.chassis.testing.TestProducer;
import io.madoguchi.chassis.testing.TopicReader;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(TicketTestResource.class)
class PoisonMessageTest {

    @Test
    void aRecordTheDatabaseRefusesIsDeadLetteredAloneWhileItsBatchIsApplied() {
        String key = "refused-" + UUID.randomUUID();
        UUID before = UUID.randomUUID();
        UUID refused = UUID.randomUUID();
        UUID after = UUID.randomUUID();
        TestProducer.sendCloudEvent("inquiries.v1", key, UUID.randomUUID(), "io.madoguchi.inquiry.received.v1",
                Events.inquiry(before, key, "before", "first"));
        // a channel name longer than the column: valid JSON, refused by PostgreSQL (SQLSTATE 22001)
        TestProducer.sendCloudEvent("inquiries.v1", key, UUID.randomUUID(), "io.madoguchi.inquiry.received.v1",
                Events.inquiry(refused, key, "refused", "second").replace("\"channel\":\"email\"", "\"channel\":\"" + "x".repeat(40) + "\""));
        TestProducer.sendCloudEvent("inquiries.v1", key, UUID.randomUUID(), "io.madoguchi.inquiry.received.v1",
                Events.inquiry(after, key, "after", "third"));

        InquiryToTicketTest.awaitEvent("io.madoguchi.ticket.created.v1", before);
        InquiryToTicketTest.awaitEvent("io.madoguchi.ticket.message-added.v1", after);
        List<ConsumerRecord<String, String>> dead = TopicReader.readUntil("inquiries.v1.dlq",
                        rs -> rs.stream().anyMatch(r -> key.equals(r.key())), Duration.ofSeconds(20))
                .stream().filter(r -> key.equals(r.key())).toList();
        assertEquals(1, dead.size());
        assertTrue(dead.get(0).value().contains(refused.toString()));
        assertTrue(TopicReader.header(dead.get(0), "dead-letter-reason").startsWith("rejected by the database"));
    }

    @Test
    void poisonGoesToTheDeadLetterTopicWithAReasonAndTheNextGoodOneIsProcessed() {
        String key = "poison-" + UUID.randomUUID();
        TestProducer.sendRaw("inquiries.v1", key, new byte[] { (byte) 0xff, (byte) 0xfe, 0x00, 0x41 });
        TestProducer.sendCloudEvent("inquiries.v1", key, UUID.randomUUID(), "io.madoguchi.inquiry.received.v1", "{\"inquiryId\": ");
        TestProducer.sendCloudEvent("inquiries.v1", key, UUID.randomUUID(), "io.madoguchi.inquiry.received.v1",
                "{\"inquiryId\":\"" + UUID.randomUUID() + "\",\"channel\":\"email\"}");

        UUID good = UUID.randomUUID();
        TestProducer.sendCloudEvent("inquiries.v1", key, UUID.randomUUID(), "io.madoguchi.inquiry.received.v1",
                Events.inquiry(good, key, "After the poison", "still processed"));
        InquiryToTicketTest.awaitEvent("io.madoguchi.ticket.created.v1", good);

        List<ConsumerRecord<String, String>> dead = TopicReader.readUntil("inquiries.v1.dlq",
                        rs -> rs.stream().filter(r -> key.equals(r.key())).count() >= 3, Duration.ofSeconds(20))
                .stream().filter(r -> key.equals(r.key())).toList();
        assertEquals(3, dead.size(), "each poison record dead-lettered once");
        dead.forEach(r -> assertNotNull(TopicReader.header(r, "dead-letter-reason"), "reason header"));
        assertTrue(TopicReader.header(dead.get(0), "dead-letter-reason").contains("CloudEvents"));
        assertTrue(TopicReader.header(dead.get(1), "dead-letter-reason").contains("not readable"));
        assertTrue(TopicReader.header(dead.get(2), "dead-letter-reason").contains("conversationKey"));
        assertEquals("inquiries.v1", TopicReader.header(dead.get(0), "dead-letter-topic"));
        assertEquals(new String(new byte[] { (byte) 0xff, (byte) 0xfe, 0x00, 0x41 }, UTF_8), dead.get(0).value(),
                "the poison bytes are kept as they were");
    }
}
