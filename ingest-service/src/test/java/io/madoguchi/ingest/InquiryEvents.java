package io.madoguchi.ingest;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.madoguchi.chassis.testing.PublishedSchemas;
import io.madoguchi.chassis.testing.TopicReader;

/** What really went onto inquiries.v1, each record checked against the schema ingest-service publishes for its type. */
final class InquiryEvents {

    static final ObjectMapper JSON = new ObjectMapper();

    private InquiryEvents() {
    }

    /**
     * The events whose data mentions {@code text}, once at least {@code expected} arrived and no outbox row mentioning
     * it waits to be sent: the relay publishes nothing more of those, so the topic read to its end holds every event
     * and every duplicate there will be.
     */
    static List<ConsumerRecord<String, String>> mentioning(String text, int expected) {
        Predicate<ConsumerRecord<String, String>> mine = r -> r.value().contains(text);
        if (expected > 0) {
            TopicReader.readUntil("inquiries.v1", records -> records.stream().filter(mine).count() >= expected, Duration.ofSeconds(20));
        }
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> unsent(text) == 0);
        return publishedSoFar(text);
    }

    /** The events on the topic now whose data mentions {@code text}. */
    static List<ConsumerRecord<String, String>> publishedSoFar(String text) {
        List<ConsumerRecord<String, String>> events = TopicReader.readToEnd("inquiries.v1").stream().filter(r -> r.value().contains(text)).toList();
        events.forEach(InquiryEvents::assertValid);
        return events;
    }

    private static long unsent(String text) throws SQLException {
        try (Connection db = IngestTestResource.database(); PreparedStatement query = db.prepareStatement(
                "SELECT count(*) FROM outbox_entry WHERE topic = 'inquiries.v1' AND id > (SELECT sent_through FROM outbox_position) AND strpos(payload, ?) > 0")) {
            query.setString(1, text);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    static void assertValid(ConsumerRecord<String, String> event) {
        PublishedSchemas.assertValid(event);
    }

    static JsonNode data(ConsumerRecord<String, String> event) {
        try {
            return JSON.readTree(event.value());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
