package io.madoguchi.ticket;

import static io.madoguchi.chassis.testing.ConsumerProbes.*;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import io.madoguchi.chassis.cloudevents.CloudEventHeaders;
import io.madoguchi.chassis.testing.EventBurst;
import io.madoguchi.chassis.testing.TopicReader;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/**
 * escalations.v1 is applied a poll batch per transaction. Each burst is sent in one produce request to one partition, so
 * the consumer gets it in one poll. Which transaction wrote a row is its {@code xmin}: rows of one transaction share it.
 * The tickets are written straight into the database, with ids far above the ticket sequence.
 */
@QuarkusTest
@WithTestResource(TicketTestResource.class)
class EscalationBatchTest {

    private static final String TOPIC = "escalations.v1";
    private static final String ROUTED = "io.madoguchi.escalation.routed.v1";
    private static final String REASSIGNED = "io.madoguchi.escalation.reassigned.v1";
    private static final String BREACHED = "io.madoguchi.escalation.sla-breached.v1";
    private static final String SLA_DUE = "io.madoguchi.escalation.sla-due.v1";
    private static final String ASSIGNED = "io.madoguchi.ticket.assigned.v1";
    private static final String PRIORITY_CHANGED = "io.madoguchi.ticket.priority-changed.v1";
    private static final String TAGS_CHANGED = "io.madoguchi.ticket.tags-changed.v1";

    @Inject
    MeterRegistry registry;

    @Test
    void aBurstOfEscalationEventsIsAppliedInBatchesOfMoreThanOne() throws Exception {
        int count = 40;
        EventBurst burst = new EventBurst(TOPIC);
        List<Long> tickets = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long ticket = newTicket();
            tickets.add(ticket);
            burst.add(ticket, ROUTED, routed(ticket, "billing", "high"));
        }
        long batchesBefore = batches(registry, TOPIC);
        double appliedBefore = applied(registry, TOPIC);

        burst.send();
        awaitProcessed(burst.ids());
        await().atMost(Duration.ofSeconds(10)).until(() -> applied(registry, TOPIC) - appliedBefore >= count);

        long transactions = transactions(burst.ids());
        assertTrue(transactions < count, count + " events took " + transactions + " transactions");
        long batches = batches(registry, TOPIC) - batchesBefore;
        double applied = applied(registry, TOPIC) - appliedBefore;
        assertTrue(batches < applied, applied + " events applied in " + batches + " batches");
        for (long ticket : tickets) {
            assertEquals(List.of(ASSIGNED, PRIORITY_CHANGED), outbox(List.of(ticket)), "ticket " + ticket + " routed once");
            assertEquals("billing high", ticketRow(ticket, "queue || ' ' || priority"));
        }
        // a ticket's change and its announcements commit with the mark of the event that caused them
        try (Connection db = TicketTestResource.database()) {
            // set-based: the tickets a transaction changed share its xmin and, written by one statement, its cmin too
            assertEquals(count(db, "SELECT count(DISTINCT xmin::text) FROM ticket WHERE id = ANY(?)", longs(db, tickets)),
                    count(db, "SELECT count(DISTINCT xmin::text || '/' || cmin::text) FROM ticket WHERE id = ANY(?)", longs(db, tickets)));
            assertEquals(transactions, count(db, "SELECT count(DISTINCT x) FROM (SELECT xmin::text AS x FROM processed_event"
                    + " WHERE event_id = ANY(?) UNION SELECT xmin::text FROM ticket WHERE id = ANY(?)"
                    + " UNION SELECT xmin::text FROM outbox WHERE record_keys && ?) t",
                    uuids(db, burst.ids()), longs(db, tickets), keys(db, tickets)));
        }
    }

    @Test
    void poisonInTheMiddleOfABatchIsDeadLetteredWithItsReasonAndTheOthersAreAppliedInOrder() throws Exception {
        long first = newTicket();
        long second = newTicket();
        EventBurst burst = new EventBurst(TOPIC);
        UUID routed = burst.add(first, ROUTED, routed(first, "billing", null));
        String poisonData = "{\"ticketId\":" + first + ",\"rule\":\"no-queue\"}";
        UUID poison = burst.add(first, ROUTED, poisonData);
        UUID reassigned = burst.add(first, REASSIGNED, reassigned(first, "dev-oncall", "kenji", "urgent"));
        UUID breached = burst.add(second, BREACHED, breached(second));

        burst.send();
        List<UUID> good = List.of(routed, reassigned, breached);
        awaitProcessed(good);

        assertEquals(1, transactions(good), "the good events of the batch were applied in one transaction");
        assertEquals(0, processed(List.of(poison)));
        // the reassignment came after the routing, and saw what the routing had changed
        assertEquals("dev-oncall kenji urgent", ticketRow(first, "queue || ' ' || assignee || ' ' || priority"));
        assertEquals(List.of(ASSIGNED + " " + first, ASSIGNED + " " + first, PRIORITY_CHANGED + " " + first, TAGS_CHANGED + " " + second),
                outboxInOrder(List.of(first, second)));
        assertEquals(List.of("billing", "dev-oncall"), assignedQueues(first));

        List<ConsumerRecord<String, String>> dead = deadLetters(TOPIC, Long.toString(first));
        assertEquals(1, dead.size(), "only the poison is dead-lettered");
        ConsumerRecord<String, String> letter = dead.get(0);
        assertEquals(poison.toString(), TopicReader.header(letter, "ce_id"));
        assertEquals("routed event " + poison + " names no ticket or queue", TopicReader.header(letter, "dead-letter-reason"));
        assertEquals(TOPIC, TopicReader.header(letter, "dead-letter-topic"));
        assertEquals(poisonData, letter.value(), "the record is kept as it was");
    }

    @Test
    void aRecordTheDatabaseRefusesIsDeadLetteredAloneAndTheRestOfItsBatchIsApplied() throws Exception {
        long before1 = newTicket();
        long before2 = newTicket();
        long refused = newTicket();
        long after = newTicket();
        EventBurst burst = new EventBurst(TOPIC);
        UUID a = burst.add(before1, ROUTED, routed(before1, "billing", null));
        UUID b = burst.add(before2, ROUTED, routed(before2, "billing", null));
        // a queue longer than its column: valid JSON, refused by PostgreSQL (SQLSTATE 22001) when the ticket is written
        UUID r = burst.add(refused, ROUTED, routed(refused, "q".repeat(65), null));
        UUID c = burst.add(after, ROUTED, routed(after, "billing", null));

        burst.send();
        List<UUID> good = List.of(a, b, c);
        awaitProcessed(good);

        List<ConsumerRecord<String, String>> dead = deadLetters(TOPIC, Long.toString(refused));
        assertEquals(1, dead.size());
        assertEquals(r.toString(), TopicReader.header(dead.get(0), "ce_id"));
        assertTrue(TopicReader.header(dead.get(0), "dead-letter-reason").startsWith("rejected by the database"),
                TopicReader.header(dead.get(0), "dead-letter-reason"));
        // the batch was rolled back, then its events applied one by one: each in a transaction of its own, once
        assertEquals(3, transactions(good));
        for (long ticket : List.of(before1, before2, after)) {
            assertEquals(List.of(ASSIGNED), outbox(List.of(ticket)), "ticket " + ticket + " routed once");
            assertEquals("billing", ticketRow(ticket, "queue"));
        }
        assertEquals(List.of(), outbox(List.of(refused)));
        assertEquals("unrouted", ticketRow(refused, "coalesce(queue, 'unrouted')"));
        assertEquals(0, processed(List.of(r)), "nothing of the refused event is left, not even its idempotency mark");
    }

    @Test
    void aRedeliveredBatchChangesNothing() throws Exception {
        long first = newTicket();
        long second = newTicket();
        EventBurst burst = new EventBurst(TOPIC);
        burst.add(first, ROUTED, routed(first, "billing", "high"));
        burst.add(first, BREACHED, breached(first));
        burst.add(second, REASSIGNED, reassigned(second, "dev-oncall", "kenji", "urgent"));
        burst.send();
        awaitProcessed(burst.ids());
        List<Long> tickets = List.of(first, second);
        // the redelivery below comes after the first delivery's events were published
        await().atMost(Duration.ofSeconds(10)).until(() -> outbox(tickets).size() == 5 && unsent(tickets) == 0);
        String state = state(burst.ids(), tickets);

        double appliedBefore = applied(registry, TOPIC);
        burst.send();
        await().atMost(Duration.ofSeconds(30)).until(() -> applied(registry, TOPIC) - appliedBefore >= burst.ids().size());

        assertEquals(state, state(burst.ids(), tickets), "the same event ids again: no change, no announcement");
        assertEquals(List.of(ASSIGNED + " " + first, PRIORITY_CHANGED + " " + first, TAGS_CHANGED + " " + first,
                ASSIGNED + " " + second, PRIORITY_CHANGED + " " + second), outboxInOrder(tickets));
    }

    @Test
    void eventsInEscalationServicesOrderNeedNoMarkAndComingAgainChangeNothing() throws Exception {
        long first = newTicket();
        long second = newTicket();
        long third = newTicket();
        long sequence = ThreadLocalRandom.current().nextLong(1L << 40, 1L << 50);
        EventBurst burst = new EventBurst(TOPIC);
        burst.add(first, ROUTED, routed(first, "billing", "high"));
        burst.add(first, SLA_DUE, due(first));
        burst.add(second, REASSIGNED, reassigned(second, "dev-oncall", "kenji", "urgent"));
        inEscalationServicesOrder(burst, sequence);
        burst.send();
        List<Long> tickets = List.of(first, second);
        await().atMost(Duration.ofSeconds(30)).until(() -> outbox(tickets).size() == 4 && unsent(tickets) == 0);
        assertEquals(0, processed(burst.ids()), "a sequenced event leaves no processed_event row");
        assertEquals(String.valueOf(sequence + 1), ticketRow(first, "escalation_sequence"));
        assertEquals(String.valueOf(sequence + 2), ticketRow(second, "escalation_sequence"));
        assertEquals("billing high first-reply", ticketRow(first, "queue || ' ' || priority || ' ' || sla_metric"));
        String state = state(burst.ids(), tickets);

        // delivered again, as after a rebalance, or re-sent by escalation-service's relay after a crash: same sequences
        double appliedBefore = applied(registry, TOPIC);
        burst.send();
        await().atMost(Duration.ofSeconds(30)).until(() -> applied(registry, TOPIC) - appliedBefore >= burst.ids().size());
        assertEquals(state, state(burst.ids(), tickets), "the same sequences again: no change, no announcement");

        // the next decision, further on in escalation-service's order, is applied
        EventBurst next = new EventBurst(TOPIC);
        next.add(first, REASSIGNED, reassigned(first, "dev-oncall", "aiko", "urgent"));
        inEscalationServicesOrder(next, sequence + 3);
        next.send();
        await().atMost(Duration.ofSeconds(30)).until(() -> "dev-oncall aiko".equals(ticketRow(first, "queue || ' ' || assignee")));
        assertEquals(String.valueOf(sequence + 3), ticketRow(first, "escalation_sequence"));

        // an event an earlier release applied and marked by its id, now coming with a sequence, changes nothing
        EventBurst marked = new EventBurst(TOPIC);
        UUID routedBefore = marked.add(third, ROUTED, routed(third, "billing", null));
        UUID after = marked.add(third, BREACHED, breached(third));
        inEscalationServicesOrder(marked, sequence);
        try (Connection db = TicketTestResource.database();
                PreparedStatement mark = db.prepareStatement("INSERT INTO processed_event (event_id, topic) VALUES (?, ?)")) {
            mark.setObject(1, routedBefore);
            mark.setString(2, TOPIC);
            mark.executeUpdate();
        }
        marked.send();
        await().atMost(Duration.ofSeconds(30)).until(() -> outbox(List.of(third)).size() == 1);
        assertEquals(List.of(TAGS_CHANGED), outbox(List.of(third)), "the breach is applied, the routing is not again");
        assertEquals("unrouted", ticketRow(third, "coalesce(queue, 'unrouted')"));
        assertEquals(0, processed(List.of(after)));
    }

    /** As escalation-service's relay publishes them: its source, and its outbox ids, ascending from {@code from}, as ce_sequence. */
    private static void inEscalationServicesOrder(EventBurst burst, long from) {
        long sequence = from;
        for (ProducerRecord<String, byte[]> record : burst.records()) {
            record.headers().remove(CloudEventHeaders.SOURCE);
            record.headers().add(CloudEventHeaders.SOURCE, "/escalation-service".getBytes(StandardCharsets.UTF_8));
            record.headers().add(CloudEventHeaders.SEQUENCE, CloudEventHeaders.sequence(sequence++).getBytes(StandardCharsets.UTF_8));
        }
    }

    /** A new ticket, written directly; its id is far above what the ticket sequence hands out. */
    private static long newTicket() throws SQLException {
        long id = ThreadLocalRandom.current().nextLong(1_000_000_000_000L, 2_000_000_000_000L);
        try (Connection db = TicketTestResource.database();
                PreparedStatement insert = db.prepareStatement("INSERT INTO ticket (id, conversation_key, status, priority, channel,"
                        + " subject, created_at, updated_at) VALUES (?, ?, 'new', 'normal', 'api', 'batch', now(), now())")) {
            insert.setLong(1, id);
            insert.setString(2, "api:batch/" + id);
            insert.executeUpdate();
        }
        return id;
    }

    private static String routed(long ticket, String queue, String priority) {
        return "{\"ticketId\":" + ticket + ",\"queue\":\"" + queue + "\",\"rule\":\"batch-rule\",\"ruleVersion\":1,"
                + (priority == null ? "" : "\"priority\":\"" + priority + "\",") + "\"channel\":\"api\",\"routedAt\":\"" + Instant.now() + "\"}";
    }

    private static String reassigned(long ticket, String queue, String assignee, String priority) {
        return "{\"ticketId\":" + ticket + ",\"queue\":\"" + queue + "\",\"assignee\":\"" + assignee + "\",\"priority\":\"" + priority
                + "\",\"reason\":\"first-reply-breached\"}";
    }

    private static String due(long ticket) {
        return "{\"ticketId\":" + ticket + ",\"metric\":\"first-reply\",\"dueAt\":\"" + Instant.now().plusSeconds(3600)
                + "\",\"changedAt\":\"" + Instant.now() + "\"}";
    }

    private static String breached(long ticket) {
        return "{\"ticketId\":" + ticket + ",\"metric\":\"first-reply\",\"breachedAt\":\"" + Instant.now() + "\"}";
    }

    private static String ticketRow(long ticket, String expression) throws SQLException {
        try (Connection db = TicketTestResource.database()) {
            return rows(db, "SELECT " + expression + " FROM ticket WHERE id = ?", ticket).get(0);
        }
    }

    private static List<String> assignedQueues(long ticket) throws SQLException {
        try (Connection db = TicketTestResource.database()) {
            return rows(db, "SELECT payload::jsonb ->> 'queue' FROM outbox_entry WHERE record_key = ? AND event_type = ? ORDER BY sequence",
                    Long.toString(ticket), ASSIGNED);
        }
    }

    private static long unsent(List<Long> tickets) throws SQLException {
        try (Connection db = TicketTestResource.database()) {
            return count(db, "SELECT count(*) FROM outbox_entry WHERE record_key = ANY(?) AND id > (SELECT sent_through FROM outbox_position)", keys(db, tickets));
        }
    }

    /** Everything the events wrote, with the transaction that wrote it. */
    private static String state(List<UUID> ids, List<Long> tickets) throws SQLException {
        try (Connection db = TicketTestResource.database()) {
            return String.join("\n", rows(db, "SELECT xmin::text || ' ' || event_id FROM processed_event WHERE event_id = ANY(?)"
                            + " ORDER BY event_id", uuids(db, ids)))
                    + "\n" + String.join("\n", rows(db, "SELECT t.xmin::text || ' ' || t::text FROM ticket t WHERE id = ANY(?) ORDER BY id",
                            longs(db, tickets)))
                    + "\n" + String.join("\n", rows(db, "SELECT e.sequence || ' ' || o.xmin::text || ' ' || e.event_id || ' ' || e.payload"
                            + " FROM outbox_entry e JOIN outbox o USING (id) WHERE e.record_key = ANY(?) ORDER BY e.sequence", keys(db, tickets)));
        }
    }

    private static Array keys(Connection db, List<Long> tickets) throws SQLException {
        return db.createArrayOf("text", tickets.stream().map(String::valueOf).toArray());
    }

}
