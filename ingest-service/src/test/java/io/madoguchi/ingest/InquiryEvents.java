package io.madoguchi.ingest;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.madoguchi.chassis.testing.PublishedSchemas;
import io.madoguchi.chassis.testing.TopicReader;

/** What really went onto inquiries.v1, each record checked against the schema ingest-service publishes for its type. */
final class InquiryEvents {

    static final ObjectMapper JSON = new ObjectMapper();

    private InquiryEvents() {
    }

    /** The events whose data mentions {@code text}, once at least {@code expected} arrived and the topic was quiet for a moment. */
    static List<ConsumerRecord<String, String>> mentioning(String text, int expected) {
        Predicate<ConsumerRecord<String, String>> mine = r -> r.value().contains(text);
        TopicReader.readUntil("inquiries.v1", records -> records.stream().filter(mine).count() >= expected, Duration.ofSeconds(20));
        // a moment longer: a duplicate would show up here
        List<ConsumerRecord<String, String>> events = TopicReader.readAll("inquiries.v1", Duration.ofMillis(1500)).stream()
                .filter(mine).toList();
        events.forEach(InquiryEvents::assertValid);
        return events;
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
