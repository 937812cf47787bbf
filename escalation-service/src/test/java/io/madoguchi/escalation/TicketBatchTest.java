package io.madoguchi.escalation;

import static io.madoguchi.chassis.testing.ConsumerProbes.*;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Array;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import io.madoguchi.chassis.testing.EventBurst;
import io.madoguchi.chassis.testing.TopicReader;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/**
 * tickets.v1 is applied a poll batch per transaction. Each burst is sent in one produce request to one partition, so
 * the consumer gets it in one poll. Which transaction wrote a row is its {@code xmin}: rows of one transaction share it.
 */
@QuarkusTest
@WithTestResource(EscalationTestResource.class)
class TicketBatchTest {

    private static final String TOPIC = "tickets.v1";
    private static final String CREATED = "io.madoguchi.ticket.created.v1";
    private static final String MESSAGE_ADDED = "io.madoguchi.ticket.message-added.v1";
    private static final String STATUS_CHANGED = "io.madoguchi.ticket.status-changed.v1";
    private static final String PRIORITY_CHANGED = "io.madoguchi.ticket.priority-changed.v1";
    private static final String ROUTED = "io.madoguchi.escalation.routed.v1";
    private static final String DUE = "io.madoguchi.escalation.sla-due.v1";
    private static final String MEASURED = "io.madoguchi.escalation.sla-measured.v1";

    @Inject
    MeterRegistry registry;

    @Test
    void aBurstOfEventsIsAppliedInBatchesOfMoreThanOne() throws Exception {
        int count = 40;
        EventBurst burst = new EventBurst(TOPIC);
        List<Long> tickets = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long ticket = newTicketId();
            tickets.add(ticket);
            burst.add(ticket, CREATED, created(ticket));
        }
        long batchesBefore = batches(registry, TOPIC);
        double appliedBefore = applied(registry, TOPIC);

        burst.send();
        IdempotencyMarks.await(burst.ids());
        await().atMost(Duration.ofSeconds(10)).until(() -> applied(registry, TOPIC) - appliedBefore >= count);

        long transactions = IdempotencyMarks.transactions(burst.ids());
        assertTrue(transactions < count, count + " events took " + transactions + " transactions");
        assertEquals(0, processed(burst.ids()), "a created event's mark is its routing decision, not a processed_event row");
        long batches = batches(registry, TOPIC) - batchesBefore;
        double applied = applied(registry, TOPIC) - appliedBefore;
        assertTrue(batches < applied, applied + " events applied in " + batches + " batches");
        for (long ticket : tickets) {
            assertEquals(List.of(ROUTED, DUE), outbox(List.of(ticket)), "ticket " + ticket + " routed once, its next due time announced");
        }
        // a routing decision and its SLA clocks commit with the event that caused them
        try (Connection db = EscalationTestResource.database()) {
            assertEquals(transactions, count(db, "SELECT count(DISTINCT x) FROM (SELECT xmin::text AS x FROM processed_event"
                    + " WHERE event_id = ANY(?) UNION SELECT xmin::text FROM routing_decision WHERE ticket_id = ANY(?)"
                    + " UNION SELECT xmin::text FROM sla_clock WHERE ticket_id = ANY(?)) t",
                    uuids(db, burst.ids()), longs(db, tickets), longs(db, tickets)));
            assertOneStatementPerTable(db, tickets);
        }
    }

    @Test
    void followUpsToTicketsCreatedInTheSameBatchFindWhatTheCreationsStartedAndEachTableIsWrittenOnce() throws Exception {
        EventBurst burst = new EventBurst(TOPIC);
        List<Long> tickets = new ArrayList<>();
        Instant now = Instant.now();
        for (int i = 0; i < 10; i++) {
            long ticket = newTicketId();
            tickets.add(ticket);
            burst.add(ticket, CREATED, created(ticket));
            burst.add(ticket, MESSAGE_ADDED, agentReply(ticket, now.plusSeconds(1)));
            burst.add(ticket, STATUS_CHANGED, "{\"ticketId\":%d,\"from\":\"open\",\"to\":\"pending\",\"changedAt\":\"%s\"}"
                    .formatted(ticket, now.plusSeconds(2)));
        }

        burst.send();
        IdempotencyMarks.await(burst.ids());

        try (Connection db = EscalationTestResource.database()) {
            // the reply stopped the first-reply clock its ticket's creation started; pending paused resolution
            assertEquals(List.of("first-reply met", "resolution paused"), rows(db, "SELECT DISTINCT metric || ' ' || CASE"
                    + " WHEN stopped_at IS NOT NULL THEN 'met' WHEN running_since IS NULL THEN 'paused' ELSE 'running' END"
                    + " FROM sla_clock WHERE ticket_id = ANY(?) ORDER BY 1", longs(db, tickets)));
            assertEquals(20, count(db, "SELECT count(*) FROM sla_clock WHERE ticket_id = ANY(?)", longs(db, tickets)));
            assertOneStatementPerTable(db, tickets);
        }
        for (long ticket : tickets) {
            assertEquals(List.of(ROUTED, DUE, MEASURED, DUE, DUE), outbox(List.of(ticket)), "ticket " + ticket);
        }
    }

    /** Set-based: what a transaction wrote to a table shares its xmin and, written by one statement, its cmin too. */
    private static void assertOneStatementPerTable(Connection db, List<Long> tickets) throws SQLException {
        for (String table : List.of("routing_decision", "sla_clock")) {
            String of = " FROM " + table + " WHERE ticket_id = ANY(?)";
            assertEquals(count(db, "SELECT count(DISTINCT xmin::text)" + of, longs(db, tickets)),
                    count(db, "SELECT count(DISTINCT xmin::text || '/' || cmin::text)" + of, longs(db, tickets)), "statements on " + table);
        }
        // the outbox holds a statement's events in one row
        String outbox = " FROM outbox WHERE record_keys && ?";
        Array keys = db.createArrayOf("text", tickets.stream().map(String::valueOf).toArray());
        assertEquals(count(db, "SELECT count(DISTINCT xmin::text)" + outbox, keys), count(db, "SELECT count(*)" + outbox, keys),
                "statements on outbox");
    }

    @Test
    void poisonInTheMiddleOfABatchIsDeadLetteredWithItsReasonAndTheOthersAreAppliedInOrder() throws Exception {
        long first = newTicketId();
        long second = newTicketId();
        EventBurst burst = new EventBurst(TOPIC);
        UUID created = burst.add(first, CREATED, created(first));
        UUID poison = burst.add(first, MESSAGE_ADDED, "{\"ticketId\":" + first + "}");
        UUID reply = burst.add(first, MESSAGE_ADDED, agentReply(first, Instant.now().plusSeconds(1)));
        UUID next = burst.add(second, CREATED, created(second));

        burst.send();
        List<UUID> good = List.of(created, reply, next);
        IdempotencyMarks.await(good);

        assertEquals(1, IdempotencyMarks.transactions(good), "the good events of the batch were applied in one transaction");
        assertEquals(0, IdempotencyMarks.marked(List.of(poison)));
        // the reply found the clock the creation started just before it in the same batch, and announced what it measured
        // and the next due time (resolution's, now that first reply is done)
        assertEquals(List.of(ROUTED + " " + first, DUE + " " + first, MEASURED + " " + first, DUE + " " + first, ROUTED + " " + second,
                DUE + " " + second), outboxInOrder(List.of(first, second)));

        List<ConsumerRecord<String, String>> dead = deadLetters(TOPIC, Long.toString(first));
        assertEquals(1, dead.size(), "only the poison is dead-lettered");
        ConsumerRecord<String, String> letter = dead.get(0);
        assertEquals(poison.toString(), TopicReader.header(letter, "ce_id"));
        assertEquals("message-added " + poison + " has no message", TopicReader.header(letter, "dead-letter-reason"));
        assertEquals(TOPIC, TopicReader.header(letter, "dead-letter-topic"));
        assertEquals("{\"ticketId\":" + first + "}", letter.value(), "the record is kept as it was");
    }

    @Test
    void aRecordTheDatabaseRefusesIsDeadLetteredAloneAndTheRestOfItsBatchIsApplied() throws Exception {
        long before1 = newTicketId();
        long before2 = newTicketId();
        long refused = newTicketId();
        long after = newTicketId();
        EventBurst burst = new EventBurst(TOPIC);
        UUID a = burst.add(before1, CREATED, created(before1));
        UUID b = burst.add(before2, CREATED, created(before2));
        // a channel longer than its column: valid JSON, refused by PostgreSQL (SQLSTATE 22001) when the decision is written
        UUID r = burst.add(refused, CREATED, created(refused).replace("\"channel\":\"api\"", "\"channel\":\"" + "x".repeat(40) + "\""));
        UUID c = burst.add(after, CREATED, created(after));

        burst.send();
        List<UUID> good = List.of(a, b, c);
        IdempotencyMarks.await(good);

        List<ConsumerRecord<String, String>> dead = deadLetters(TOPIC, Long.toString(refused));
        assertEquals(1, dead.size());
        assertEquals(r.toString(), TopicReader.header(dead.get(0), "ce_id"));
        assertTrue(TopicReader.header(dead.get(0), "dead-letter-reason").startsWith("rejected by the database"),
                TopicReader.header(dead.get(0), "dead-letter-reason"));
        // the batch was rolled back, then its events applied one by one: each in a transaction of its own, once
        assertEquals(3, IdempotencyMarks.transactions(good));
        for (long ticket : List.of(before1, before2, after)) {
            assertEquals(List.of(ROUTED, DUE), outbox(List.of(ticket)), "ticket " + ticket + " routed once, its next due time announced");
        }
        assertEquals(List.of(), outbox(List.of(refused)));
        assertEquals(0, IdempotencyMarks.marked(List.of(r)), "nothing of the refused event is left, not even its idempotency mark");
    }

    @Test
    void aRedeliveredBatchChangesNothing() throws Exception {
        long first = newTicketId();
        long second = newTicketId();
        EventBurst burst = new EventBurst(TOPIC);
        burst.add(first, CREATED, created(first));
        burst.add(first, MESSAGE_ADDED, agentReply(first, Instant.now().plusSeconds(1)));
        burst.add(second, CREATED, created(second));
        burst.add(second, PRIORITY_CHANGED, "{\"ticketId\":" + second + ",\"to\":\"low\",\"changedAt\":\"" + Instant.now().plusSeconds(1) + "\"}");
        burst.send();
        IdempotencyMarks.await(burst.ids());
        List<Long> tickets = List.of(first, second);
        // the second ticket's new priority moves its due time
        await().atMost(Duration.ofSeconds(10)).until(() -> outbox(tickets).size() == 7);
        String state = state(burst.ids(), tickets);

        double appliedBefore = applied(registry, TOPIC);
        burst.send();
        await().atMost(Duration.ofSeconds(30)).until(() -> applied(registry, TOPIC) - appliedBefore >= burst.ids().size());

        assertEquals(state, state(burst.ids(), tickets), "the same event ids again: no routing, no clock, no announcement");
        assertEquals(List.of(ROUTED + " " + first, DUE + " " + first, MEASURED + " " + first, DUE + " " + first, ROUTED + " " + second,
                DUE + " " + second, DUE + " " + second), outboxInOrder(tickets));
    }

    private static long newTicketId() {
        return ThreadLocalRandom.current().nextLong(1_000, 1_000_000_000);
    }

    private static String created(long ticket) {
        return """
                {"ticketId":%d,"conversationKey":"api:%d","status":"new","priority":"normal","channel":"api","subject":"batch",
                 "createdAt":"%s","message":{"messageId":1,"authorType":"requester","body":"help"}}
                """.formatted(ticket, ticket, Instant.now());
    }

    private static String agentReply(long ticket, Instant at) {
        return "{\"ticketId\":" + ticket + ",\"message\":{\"messageId\":2,\"authorType\":\"agent\",\"visibility\":\"public\","
                + "\"channel\":\"api\",\"body\":\"On it\",\"createdAt\":\"" + at + "\"}}";
    }

    /** Everything the events wrote, with the transaction that wrote it. */
    private static String state(List<UUID> ids, List<Long> tickets) throws SQLException {
        try (Connection db = EscalationTestResource.database()) {
            return String.join("\n", rows(db, "SELECT xmin::text || ' ' || event_id FROM processed_event WHERE event_id = ANY(?)"
                            + " ORDER BY event_id", uuids(db, ids)))
                    + "\n" + String.join("\n", rows(db, "SELECT r.xmin::text || ' ' || r::text FROM routing_decision r"
                            + " WHERE ticket_id = ANY(?) ORDER BY ticket_id", longs(db, tickets)))
                    + "\n" + String.join("\n", rows(db, "SELECT c.xmin::text || ' ' || c::text FROM sla_clock c"
                            + " WHERE ticket_id = ANY(?) ORDER BY ticket_id, metric", longs(db, tickets)))
                    + "\n" + String.join("\n", rows(db, "SELECT e.sequence || ' ' || o.xmin::text || ' ' || e.event_id || ' ' || e.payload"
                            + " FROM outbox_entry e JOIN outbox o USING (id) WHERE e.record_key = ANY(?) ORDER BY e.sequence",
                            db.createArrayOf("varchar", tickets.stream().map(String::valueOf).toArray())));
        }
    }

}
