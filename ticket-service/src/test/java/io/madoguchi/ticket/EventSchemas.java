package io.madoguchi.ticket;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import com.fasterxml.jackson.databind.JsonNode;

import io.madoguchi.chassis.testing.PublishedSchemas;
import io.madoguchi.chassis.testing.TopicReader;

/** The published JSON Schemas (served at /schemas/) checked against what really went onto tickets.v1. */
final class EventSchemas {

    private EventSchemas() {
    }

    /** Every tickets.v1 record of the ticket, once the topic has been quiet for a moment. */
    static List<ConsumerRecord<String, String>> eventsOf(long ticketId) {
        return TopicReader.readAll("tickets.v1", Duration.ofSeconds(2)).stream()
                .filter(r -> Long.toString(ticketId).equals(r.key())).toList();
    }

    static void assertValid(List<ConsumerRecord<String, String>> events) {
        PublishedSchemas.assertValid(events);
    }

    static JsonNode data(ConsumerRecord<String, String> record) {
        try {
            return TicketApi.JSON.readTree(record.value());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
