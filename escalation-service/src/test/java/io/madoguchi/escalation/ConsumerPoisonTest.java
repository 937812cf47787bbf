package io.madoguchi.escalation;

import java.time.Duration;
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

/** escalation-service's consumer survives the three records of {@link PoisonCases} and goes on. */
@QuarkusTest
@WithTestResource(EscalationTestResource.class)
class ConsumerPoisonTest {

    /** A created event's idempotency mark: the routing decision it made. */
    private static final String ROUTED_BY = "SELECT count(*) FROM routing_decision WHERE created_event_id = ?";

    @Test
    void aTicketEventWithAValuelessHeaderAnUnreadableTimeOrAnUnexpectedErrorIsDeadLetteredAndTheNextIsRouted() {
        Function<UUID, ProducerRecord<String, byte[]>> created = id -> {
            long ticket = ThreadLocalRandom.current().nextLong(800_000_000L, 900_000_000L);
            return TestProducer.cloudEvent("tickets.v1", Long.toString(ticket), id, "io.madoguchi.ticket.created.v1",
                    Events.ticketCreated(ticket, "email"));
        };
        PoisonCases.Sent sent = PoisonCases.send(created);
        PoisonCases.awaitApplied(ROUTED_BY, sent.good());
        PoisonCases.assertDeadLettered("tickets.v1", sent);
        PoisonCases.assertReplayedOnce("tickets.v1", sent, created, ROUTED_BY, null,
                EscalationTestResource.tokens().mint("ops", Set.of("admin"), Duration.ofMinutes(5)));
    }

}
