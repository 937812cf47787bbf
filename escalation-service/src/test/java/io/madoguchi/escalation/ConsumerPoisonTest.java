package io.madoguchi.escalation;

import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.Test;

import io.madoguchi.chassis.testing.PoisonCases;
import io.madoguchi.chassis.testing.TestProducer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** escalation-service's consumer survives the three records of {@link PoisonCases} and goes on. */
@QuarkusTest
@WithTestResource(EscalationTestResource.class)
class ConsumerPoisonTest {

    @Test
    void aTicketEventWithAValuelessHeaderAnUnreadableTimeOrAnUnexpectedErrorIsDeadLetteredAndTheNextIsRouted() {
        PoisonCases.Sent sent = PoisonCases.send(id -> {
            long ticket = ThreadLocalRandom.current().nextLong(800_000_000L, 900_000_000L);
            return TestProducer.cloudEvent("tickets.v1", Long.toString(ticket), id, "io.madoguchi.ticket.created.v1",
                    Events.ticketCreated(ticket, "email"));
        });
        PoisonCases.awaitApplied("SELECT count(*) FROM processed_event WHERE event_id = ?", sent.good());
        PoisonCases.assertDeadLettered("tickets.v1", sent);
    }

}
