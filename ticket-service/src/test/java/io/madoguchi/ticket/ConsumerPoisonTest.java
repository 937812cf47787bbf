package io.madoguchi.ticket;

import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.madoguchi.chassis.testing.PoisonCases;
import io.madoguchi.chassis.testing.TestProducer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Each consumer of ticket-service survives the three records of {@link PoisonCases} and goes on. */
@QuarkusTest
@WithTestResource(TicketTestResource.class)
class ConsumerPoisonTest {

    private static final String PROCESSED = "SELECT count(*) FROM processed_event WHERE event_id = ?";

    @Test
    void anInquiryWithAValuelessHeaderAnUnreadableTimeOrAnUnexpectedErrorIsDeadLetteredAndTheNextIsThreaded() {
        String key = "poison-cases-" + UUID.randomUUID();
        PoisonCases.Sent sent = PoisonCases.send(id -> TestProducer.cloudEvent("inquiries.v1", key, id, "io.madoguchi.inquiry.received.v1",
                Events.inquiry(UUID.randomUUID(), key, "Poison cases", "one of four")));
        PoisonCases.awaitApplied(PROCESSED, sent.good());
        PoisonCases.assertDeadLettered("inquiries.v1", sent);
    }

    @Test
    void anEscalationEventWithAValuelessHeaderAnUnreadableTimeOrAnUnexpectedErrorIsDeadLetteredAndTheNextIsApplied() {
        PoisonCases.Sent sent = PoisonCases.send(id -> TestProducer.cloudEvent("escalations.v1", "900000001", id,
                "io.madoguchi.escalation.routed.v1", "{\"ticketId\":900000001,\"queue\":\"billing\",\"rule\":\"r\",\"ruleVersion\":1,"
                        + "\"channel\":\"api\",\"routedAt\":\"" + Instant.now() + "\"}"));
        PoisonCases.awaitApplied(PROCESSED, sent.good());
        PoisonCases.assertDeadLettered("escalations.v1", sent);
    }

    @Test
    void aDeliveryOutcomeWithAValuelessHeaderAnUnreadableTimeOrAnUnexpectedErrorIsDeadLetteredAndTheNextIsApplied() {
        PoisonCases.Sent sent = PoisonCases.send(id -> TestProducer.cloudEvent("deliveries.v1", "900000002", id,
                "io.madoguchi.delivery.sent.v1", DeliveryStateTest.sent(UUID.randomUUID(), 900000002, 1, Instant.now().toString())));
        PoisonCases.awaitApplied(PROCESSED, sent.good());
        PoisonCases.assertDeadLettered("deliveries.v1", sent);
    }
}
