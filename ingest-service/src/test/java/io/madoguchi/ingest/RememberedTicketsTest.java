package io.madoguchi.ingest;

import static io.madoguchi.chassis.testing.ConsumerProbes.count;
import static io.madoguchi.chassis.testing.ConsumerProbes.longs;
import static io.madoguchi.chassis.testing.ConsumerProbes.rows;
import static io.madoguchi.chassis.testing.ConsumerProbes.uuids;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.Test;

import io.madoguchi.chassis.testing.ConsumerProbes;
import io.madoguchi.chassis.testing.EventBurst;
import io.madoguchi.chassis.testing.ServiceTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Most of what outbound delivery reads of tickets.v1 only changes what it remembers of a ticket: created (on a channel
 * not acknowledged), a requester's message. A batch of those is applied set-based: the rows a transaction wrote to
 * {@code delivery_ticket} share its {@code xmin} and, written by one statement, its {@code cmin}. An assignment is not
 * read at all: a reply names its queue.
 */
@QuarkusTest
@WithTestResource(IngestTestResource.class)
class RememberedTicketsTest {

    private static final String TOPIC = "tickets.v1";

    @Test
    void creationsAndRequesterMessagesAreRememberedAStatementPerBatchAssignmentsNotAndTheirRedeliveryChangesNothing() throws Exception {
        EventBurst burst = new EventBurst(TOPIC);
        List<Long> tickets = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            long ticket = ThreadLocalRandom.current().nextLong(1_000_000, 2_000_000_000);
            String run = UUID.randomUUID().toString();
            String customer = "batch." + run.substring(0, 8) + "@example.jp";
            UUID followUp = UUID.randomUUID();
            tickets.add(ticket);
            burst.add(ticket, "io.madoguchi.ticket.created.v1", OutboundEmailTest.created(ticket, customer, run, UUID.randomUUID().toString()));
            burst.add(ticket, "io.madoguchi.ticket.assigned.v1",
                    "{\"ticketId\":" + ticket + ",\"queue\":\"billing\",\"rule\":\"invoices\",\"assignedAt\":\"" + Instant.now() + "\"}");
            burst.add(ticket, "io.madoguchi.ticket.message-added.v1", """
                    {"ticketId":%d,"message":{"messageId":2,"inquiryId":"%s","authorType":"requester","visibility":"public",
                     "channel":"email","body":"追記です","createdAt":"%s"}}""".formatted(ticket, followUp, Instant.now()));
            expected.add(ticket + " " + customer + " - " + followUp);
        }
        expected.sort(null);

        burst.send();
        await().atMost(Duration.ofSeconds(30)).until(() -> remembered(tickets).equals(expected));

        String written;
        try (Connection db = ServiceTestResource.database()) {
            String of = " FROM delivery_ticket WHERE ticket_id = ANY(?)";
            assertEquals(count(db, "SELECT count(DISTINCT xmin::text)" + of, longs(db, tickets)),
                    count(db, "SELECT count(DISTINCT xmin::text || '/' || cmin::text)" + of, longs(db, tickets)), "statements per transaction");
            assertEquals(0, count(db, "SELECT count(*) FROM processed_event WHERE event_id = ANY(?)", uuids(db, burst.ids())),
                    "no idempotency mark: applying one of these again sets what it set");
            written = String.join(",", rows(db, "SELECT ticket_id || ':' || xmin::text" + of + " ORDER BY ticket_id", longs(db, tickets)));
        }

        burst.send();
        ConsumerProbes.awaitCaughtUp("ingest-service", TOPIC);
        assertEquals(expected, remembered(tickets));
        try (Connection db = ServiceTestResource.database()) {
            assertEquals(written, String.join(",", rows(db, "SELECT ticket_id || ':' || xmin::text FROM delivery_ticket"
                    + " WHERE ticket_id = ANY(?) ORDER BY ticket_id", longs(db, tickets))), "the redelivered burst wrote nothing");
        }
    }

    private static List<String> remembered(List<Long> tickets) throws Exception {
        try (Connection db = ServiceTestResource.database()) {
            List<String> rows = new ArrayList<>(rows(db, "SELECT ticket_id || ' ' || requester_email || ' ' || coalesce(queue, '-') || ' '"
                    + " || coalesce(last_inquiry_id::text, '-') FROM delivery_ticket WHERE ticket_id = ANY(?)", longs(db, tickets)));
            rows.sort(null);
            return rows;
        }
    }
}
