package io.madoguchi.ingest;

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

/** ingest-service's consumer of tickets.v1 (outbound delivery) survives the three records of {@link PoisonCases} and goes on. */
@QuarkusTest
@WithTestResource(IngestTestResource.class)
class ConsumerPoisonTest {

    @Test
    void aTicketEventWithAValuelessHeaderAnUnreadableTimeOrAnUnexpectedErrorIsDeadLetteredAndTheNextIsApplied() {
        Function<UUID, ProducerRecord<String, byte[]>> created = id -> {
            long ticket = ThreadLocalRandom.current().nextLong(800_000_000L, 900_000_000L);
            return TestProducer.cloudEvent("tickets.v1", Long.toString(ticket), id, "io.madoguchi.ticket.created.v1",
                    """
                    {"ticketId":%d,"conversationKey":"api:%d","status":"new","priority":"normal","channel":"api","subject":"s",
                     "requester":{"channelUserId":"u","email":"poison.cases@example.jp"},"createdAt":"%s"}
                    """.formatted(ticket, ticket, Instant.now()));
        };
        PoisonCases.Sent sent = PoisonCases.send(created);
        PoisonCases.awaitApplied("SELECT count(*) FROM processed_event WHERE event_id = ?", sent.good());
        PoisonCases.assertDeadLettered("tickets.v1", sent);
        PoisonCases.assertReplayedOnce("tickets.v1", sent, created, "SELECT count(*) FROM processed_event WHERE event_id = ?", null,
                IngestTestResource.tokens().mint("ops", Set.of("admin"), Duration.ofMinutes(5)));
    }
}
