package io.madoguchi.analytics;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import io.madoguchi.chassis.testing.PoisonCases;
import io.madoguchi.chassis.testing.TestProducer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Each consumer of analytics-service survives the three records of {@link PoisonCases} and goes on. */
@QuarkusTest
@WithTestResource(AnalyticsTestResource.class)
class ConsumerPoisonTest {

    private static final String ARCHIVED = "SELECT count(*) FROM ticket_event WHERE event_id = ?";

    @Test
    void aTicketEventWithAValuelessHeaderAnUnreadableTimeOrAnUnexpectedErrorIsDeadLetteredAndTheNextIsArchived() {
        Function<UUID, ProducerRecord<String, byte[]>> created = id -> {
            long ticket = ThreadLocalRandom.current().nextLong(800_000_000L, 900_000_000L);
            return TestProducer.cloudEvent("tickets.v1", Long.toString(ticket), id, "io.madoguchi.ticket.created.v1",
                    Events.ticketCreated(ticket, "email", Instant.now().toString()));
        };
        PoisonCases.Sent sent = PoisonCases.send(created);
        PoisonCases.awaitApplied(ARCHIVED, sent.good());
        PoisonCases.assertDeadLettered("tickets.v1", sent);
        PoisonCases.assertReplayedOnce("tickets.v1", sent, created, ARCHIVED, null,
                AnalyticsTestResource.tokens().mint("ops", Set.of("admin"), Duration.ofMinutes(5)));
    }

    @Test
    void anEscalationEventWithAValuelessHeaderAnUnreadableTimeOrAnUnexpectedErrorIsDeadLetteredAndTheNextIsArchived() {
        PoisonCases.Sent sent = PoisonCases.send(id -> {
            long ticket = ThreadLocalRandom.current().nextLong(800_000_000L, 900_000_000L);
            return TestProducer.cloudEvent("escalations.v1", Long.toString(ticket), id, "io.madoguchi.escalation.reassigned.v1",
                    "{\"ticketId\":" + ticket + ",\"queue\":\"billing\",\"reason\":\"first-reply-breached\",\"reassignedAt\":\"" + Instant.now() + "\"}");
        });
        PoisonCases.awaitApplied(ARCHIVED, sent.good());
        PoisonCases.assertDeadLettered("escalations.v1", sent);
    }

    @Test
    void aDeflectionWithAValuelessHeaderAnUnreadableTimeOrAnUnexpectedErrorIsDeadLetteredAndTheNextIsCounted() {
        PoisonCases.Sent sent = PoisonCases.send(id -> TestProducer.cloudEvent("inquiries.v1", "chat:" + id, id,
                "io.madoguchi.inquiry.deflected.v1", "{\"inquiryId\":\"%s\",\"receivedAt\":\"%s\",\"channel\":\"chat\",\"source\":\"web\"}"
                        .formatted(UUID.randomUUID(), Instant.now())));
        PoisonCases.awaitApplied("SELECT count(*) FROM deflection WHERE inquiry_id = ?", sent.good());
        PoisonCases.assertDeadLettered("inquiries.v1", sent);
    }

    @Test
    void aDeliveryOutcomeWithAValuelessHeaderAnUnreadableTimeOrAnUnexpectedErrorIsDeadLetteredAndTheNextIsCounted() {
        PoisonCases.Sent sent = PoisonCases.send(id -> {
            long ticket = ThreadLocalRandom.current().nextLong(800_000_000L, 900_000_000L);
            return TestProducer.cloudEvent("deliveries.v1", Long.toString(ticket), id, Events.DELIVERY_FAILED, Events.deliveryFailed(
                    UUID.randomUUID(), ticket, "reply", "email", "hanako@example.jp", 1, "SMTP 550: 5.1.1 user unknown", true,
                    Instant.now().toString()));
        });
        PoisonCases.awaitApplied("SELECT count(*) FROM delivery_outcome WHERE event_id = ?", sent.good());
        PoisonCases.assertDeadLettered("deliveries.v1", sent);
    }
}
