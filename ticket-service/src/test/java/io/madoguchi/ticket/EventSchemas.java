package io.madoguchi.ticket;

import java.io.IOException;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import com.fasterxml.jackson.databind.JsonNode;

import io.madoguchi.chassis.testing.ConsumerProbes;
import io.madoguchi.chassis.testing.PublishedSchemas;
import io.madoguchi.chassis.testing.TopicReader;

/** The published JSON Schemas (served at /schemas/) checked against what really went onto tickets.v1. */
final class EventSchemas {

    private EventSchemas() {
    }

    /**
     * Every tickets.v1 record of the ticket there will be from what was sent so far: the consumers caught up with their
     * topics, the ticket's outbox rows relayed, the topic read to its end.
     */
    static List<ConsumerRecord<String, String>> eventsOf(long ticketId) {
        String key = Long.toString(ticketId);
        ConsumerProbes.awaitCaughtUp("ticket-service", "inquiries.v1", "escalations.v1", "deliveries.v1");
        ConsumerProbes.awaitRelayed(List.of(key));
        return TopicReader.readToEnd("tickets.v1").stream().filter(r -> key.equals(r.key())).toList();
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
