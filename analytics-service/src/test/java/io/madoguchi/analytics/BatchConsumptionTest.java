package io.madoguchi.analytics;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.madoguchi.chassis.consumer.PoisonMessageException;
import io.madoguchi.chassis.testing.ConsumerProbes;
import io.madoguchi.chassis.testing.TestProducer;
import io.madoguchi.chassis.testing.TopicReader;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/**
 * The consumers apply a poll batch per transaction. Which transaction wrote a row is its {@code xmin}: rows of one
 * transaction share it. Events sent together land in one record batch per partition, and a poll returns whole record
 * batches, so events sent together are applied in at most one transaction per partition.
 */
@QuarkusTest
@WithTestResource(AnalyticsTestResource.class)
class BatchConsumptionTest {

    private static final String T = "io.madoguchi.ticket.";
    private static final String POISON = "io.madoguchi.chassis.consumer.PoisonMessageException";

    @Inject
    MeterRegistry registry;

    @Test
    void aBurstIsAppliedInOrderAFewTransactionsForAllOfItAndItsRedeliveryChangesNothing() throws Exception {
        long base = ThreadLocalRandom.current().nextLong(1_000_000, 1_000_000_000);
        String day = "2036-%02d-%02d".formatted(ThreadLocalRandom.current().nextInt(1, 13), ThreadLocalRandom.current().nextInt(1, 29));
        List<ProducerRecord<String, byte[]>> burst = new ArrayList<>();
        List<UUID> ids = new ArrayList<>();
        int tickets = 30;
        for (long t = base; t < base + tickets; t++) {
            // each ticket's events in the order only a sequential projection gets right: solved, reopened, solved again
            burst.add(ticketEvent(ids, t, "created.v1", "{\"ticketId\":%d,\"channel\":\"email\",\"status\":\"new\",\"createdAt\":\"%sT01:00:00Z\"}"
                    .formatted(t, day)));
            burst.add(ticketEvent(ids, t, "message-added.v1", ("{\"ticketId\":%d,\"message\":{\"messageId\":2,\"authorType\":\"agent\","
                    + "\"visibility\":\"public\",\"body\":\"ok\",\"createdAt\":\"%sT02:00:00Z\"}}").formatted(t, day)));
            burst.add(statusChanged(ids, t, "open", "solved", false, day + "T03:00:00Z"));
            burst.add(statusChanged(ids, t, "solved", "open", true, day + "T04:00:00Z"));
            burst.add(statusChanged(ids, t, "open", "solved", false, day + "T05:00:00Z"));
        }
        int partitions = TestProducer.partitions("tickets.v1");
        double[] before = batchSizes("tickets.v1");

        TestProducer.sendTogether(burst);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> xmins("ticket_event", "event_id", ids).size() == ids.size());

        List<String> summaries = summaries(base, tickets);
        assertEquals(tickets, summaries.size());
        // set-based: the rows a transaction wrote to a table share its xmin and, written by one statement, its cmin too
        for (String table : List.of("ticket_event", "ticket_summary", "ticket_flow")) {
            String of = " FROM " + table + " WHERE ticket_id BETWEEN ? AND ?";
            assertEquals(count("SELECT count(DISTINCT xmin::text)" + of, base, base + tickets - 1),
                    count("SELECT count(DISTINCT xmin::text || '/' || cmin::text)" + of, base, base + tickets - 1), "statements on " + table);
        }
        summaries.forEach(s -> assertEquals("solved|2|1|1|" + day + " 05:00:00+00", s.substring(s.indexOf('|') + 1)));
        // solved, reopened, solved again: a creation is the summary's created_at, not a flow row
        assertEquals(tickets * 3, count("SELECT count(*) FROM ticket_flow WHERE ticket_id BETWEEN ? AND ?", base, base + tickets - 1));
        List<String> transactions = xmins("ticket_event", "event_id", ids);
        int used = new HashSet<>(transactions).size();
        assertTrue(used <= partitions, ids.size() + " events sent together were applied in " + used + " transactions");
        double[] after = batchSizes("tickets.v1");
        assertTrue(after[1] - before[1] >= ids.size(), "every event counted in madoguchi.consumer.batch.size");
        assertTrue(after[0] - before[0] < after[1] - before[1], "fewer transactions than events");
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(metrics.contains("madoguchi_consumer_batch_size_count{topic=\"tickets.v1\"}"), "batch sizes exported per topic");

        // the same burst again, and behind it one new event per partition: once those are in, the burst has been consumed
        TestProducer.sendTogether(burst);
        List<UUID> markers = new ArrayList<>();
        List<ProducerRecord<String, byte[]>> behind = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            long t = base + tickets + p;
            behind.add(TestProducer.onPartition(ticketEvent(markers, t, "created.v1",
                    "{\"ticketId\":%d,\"channel\":\"chat\",\"status\":\"new\",\"createdAt\":\"%sT06:00:00Z\"}".formatted(t, day)), p));
        }
        TestProducer.sendTogether(behind);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> xmins("ticket_event", "event_id", markers).size() == partitions);

        assertEquals(summaries, summaries(base, tickets));
        assertEquals(tickets * 3, count("SELECT count(*) FROM ticket_flow WHERE ticket_id BETWEEN ? AND ?", base, base + tickets - 1));
        assertEquals(transactions, xmins("ticket_event", "event_id", ids), "the archived events untouched");
        assertTrue(batchSizes("tickets.v1")[1] - after[1] >= ids.size(), "the redelivered burst went through the consumer");
    }

    @Test
    void poisonInTheMiddleOfABatchIsDeadLetteredAndTheRestAppliedTogether() throws Exception {
        String key = "batch-" + UUID.randomUUID();
        long base = ThreadLocalRandom.current().nextLong(1_000_000, 1_000_000_000);
        List<UUID> good = new ArrayList<>();
        UUID poison = UUID.randomUUID();
        List<ProducerRecord<String, byte[]>> batch = new ArrayList<>();
        batch.add(created(good, key, base, "email"));
        batch.add(created(good, key, base + 1, "email"));
        batch.add(TestProducer.cloudEvent("tickets.v1", key, poison, T + "created.v1", "{\"channel\":\"email\",\"status\":\"new\"}"));
        batch.add(created(good, key, base + 2, "email"));
        batch.add(created(good, key, base + 3, "email"));

        TestProducer.sendTogether(batch);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> xmins("ticket_event", "event_id", good).size() == good.size());

        assertEquals(1, new HashSet<>(xmins("ticket_event", "event_id", good)).size(), "the good events applied in one transaction");
        ConsumerRecord<String, String> dead = onlyDeadLetter("tickets.v1.dlq", key);
        assertEquals(poison.toString(), TopicReader.header(dead, "ce_id"));
        assertTrue(TopicReader.header(dead, "dead-letter-reason").contains("names no ticketId"), TopicReader.header(dead, "dead-letter-reason"));
        assertEquals(POISON, TopicReader.header(dead, "dead-letter-exception-class-name"));
        assertEquals("tickets.v1", TopicReader.header(dead, "dead-letter-topic"));
        assertNotNull(TopicReader.header(dead, "dead-letter-partition"));
        assertNotNull(TopicReader.header(dead, "dead-letter-offset"));
        assertEquals("{\"channel\":\"email\",\"status\":\"new\"}", dead.value(), "the record as it was");
    }

    @Test
    void aRecordTheDatabaseRefusesIsDeadLetteredAloneAndTheRestAppliedOneByOne() throws Exception {
        String key = "batch-" + UUID.randomUUID();
        long base = ThreadLocalRandom.current().nextLong(1_000_000, 1_000_000_000);
        List<UUID> good = new ArrayList<>();
        List<UUID> refused = new ArrayList<>();
        List<ProducerRecord<String, byte[]>> batch = new ArrayList<>();
        batch.add(created(good, key, base, "email"));
        batch.add(created(good, key, base + 1, "email"));
        // reads well, but ticket_summary.channel is varchar(32): the database refuses it for good
        batch.add(created(refused, key, base + 2, "x".repeat(40)));
        batch.add(created(good, key, base + 3, "email"));
        batch.add(created(good, key, base + 4, "email"));

        TestProducer.sendTogether(batch);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> xmins("ticket_event", "event_id", good).size() == good.size());

        // the refused batch's transaction was rolled back whole: had it kept the first two events, they would share it
        assertEquals(good.size(), new HashSet<>(xmins("ticket_event", "event_id", good)).size(), "each good event in a transaction of its own");
        assertEquals(List.of(), xmins("ticket_event", "event_id", refused), "nothing of the refused event kept");
        assertEquals(4, count("SELECT count(*) FROM ticket_summary WHERE ticket_id BETWEEN ? AND ?", base, base + 4));
        assertEquals(0, count("SELECT count(*) FROM ticket_summary WHERE ticket_id BETWEEN ? AND ?", base + 2, base + 2));
        ConsumerRecord<String, String> dead = onlyDeadLetter("tickets.v1.dlq", key);
        assertEquals(refused.get(0).toString(), TopicReader.header(dead, "ce_id"));
        assertTrue(TopicReader.header(dead, "dead-letter-reason").startsWith("rejected by the database"),
                TopicReader.header(dead, "dead-letter-reason"));
        assertEquals("poison", TopicReader.header(dead, "dead-letter-kind"));
        // the refusal as the database client reported it, with its SQLSTATE
        assertEquals("io.vertx.pgclient.PgException", TopicReader.header(dead, "dead-letter-exception-class-name"));
        assertTrue(TopicReader.header(dead, "dead-letter-reason").contains("22001"), TopicReader.header(dead, "dead-letter-reason"));
    }

    @Test
    void aTimeThatIsNoTimeIsDeadLetteredInsteadOfRetriedForEver() throws Exception {
        String key = "batch-" + UUID.randomUUID();
        long base = ThreadLocalRandom.current().nextLong(1_000_000, 1_000_000_000);
        List<UUID> good = new ArrayList<>();
        List<UUID> unreadable = new ArrayList<>();
        List<ProducerRecord<String, byte[]>> batch = new ArrayList<>();
        batch.add(created(good, key, base, "email"));
        batch.add(ticketEvent(unreadable, key, base + 1, "created.v1",
                "{\"ticketId\":%d,\"channel\":\"email\",\"status\":\"new\",\"createdAt\":\"yesterday\"}".formatted(base + 1)));
        batch.add(created(good, key, base + 2, "email"));

        TestProducer.sendTogether(batch);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> xmins("ticket_event", "event_id", good).size() == good.size());

        assertEquals(List.of(), xmins("ticket_event", "event_id", unreadable), "nothing of the unreadable event kept");
        ConsumerRecord<String, String> dead = onlyDeadLetter("tickets.v1.dlq", key);
        assertEquals(unreadable.get(0).toString(), TopicReader.header(dead, "ce_id"));
        assertTrue(TopicReader.header(dead, "dead-letter-reason").startsWith("unreadable data"), TopicReader.header(dead, "dead-letter-reason"));
    }

    @Test
    void deflectionsOfABatchAreAppliedTogetherAndOneWithoutReceivedAtIsDeadLettered() throws Exception {
        String key = "chat:web/" + UUID.randomUUID();
        List<UUID> good = new ArrayList<>();
        UUID poison = UUID.randomUUID();
        String noTime = "{\"inquiryId\":\"%s\",\"channel\":\"chat\",\"source\":\"web\"}".formatted(UUID.randomUUID());
        List<ProducerRecord<String, byte[]>> batch = new ArrayList<>();
        batch.add(deflected(good, key, "2037-02-01T03:00:00Z"));
        batch.add(deflected(good, key, "2037-02-01T04:00:00Z"));
        batch.add(TestProducer.cloudEvent("inquiries.v1", key, poison, "io.madoguchi.inquiry.deflected.v1", noTime));
        batch.add(TestProducer.cloudEvent("inquiries.v1", key, UUID.randomUUID(), "io.madoguchi.inquiry.received.v1", "{}"));
        batch.add(deflected(good, key, "2037-02-01T05:00:00Z"));

        TestProducer.sendTogether(batch);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> xmins("deflection", "inquiry_id", good).size() == good.size());

        assertEquals(1, new HashSet<>(xmins("deflection", "inquiry_id", good)).size(), "the deflections applied in one transaction");
        ConsumerRecord<String, String> dead = onlyDeadLetter("inquiries.v1.dlq", key);
        assertEquals(poison.toString(), TopicReader.header(dead, "ce_id"));
        assertTrue(TopicReader.header(dead, "dead-letter-reason").contains("no receivedAt"), TopicReader.header(dead, "dead-letter-reason"));
    }

    @Test
    void aNextDueTimeAndARoutingAreNotArchivedButABreachIs() throws Exception {
        long ticket = ThreadLocalRandom.current().nextLong(1_000_000, 1_000_000_000);
        String key = Long.toString(ticket);
        UUID routed = UUID.randomUUID();
        UUID due = UUID.randomUUID();
        UUID breached = UUID.randomUUID();
        // one key, one partition: once the breach is archived, the events sent before it have been consumed
        TestProducer.sendTogether(List.of(
                TestProducer.cloudEvent("escalations.v1", key, routed, "io.madoguchi.escalation.routed.v1",
                        "{\"ticketId\":%d,\"queue\":\"tier1\",\"rule\":\"default\"}".formatted(ticket)),
                TestProducer.cloudEvent("escalations.v1", key, due, "io.madoguchi.escalation.sla-due.v1",
                        "{\"ticketId\":%d,\"metric\":\"first-reply\",\"dueAt\":\"2037-03-01T10:00:00Z\",\"changedAt\":\"2037-03-01T09:00:00Z\"}"
                                .formatted(ticket)),
                TestProducer.cloudEvent("escalations.v1", key, breached, "io.madoguchi.escalation.sla-breached.v1",
                        "{\"ticketId\":%d,\"metric\":\"first-reply\",\"priority\":\"normal\",\"dueAt\":\"2037-03-01T10:00:00Z\",\"breachedAt\":\"2037-03-01T10:00:00Z\"}"
                                .formatted(ticket))));

        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> xmins("ticket_event", "event_id", List.of(breached)).size() == 1);
        assertEquals(List.of(), xmins("ticket_event", "event_id", List.of(routed)), "ticket.assigned restates the routing; it is not archived");
        assertEquals(List.of(), xmins("ticket_event", "event_id", List.of(due)), "sla-due restates the clocks; it is not archived");
        assertEquals(1, count("SELECT count(*) FROM ticket_event WHERE ticket_id BETWEEN ? AND ?", ticket, ticket));
    }

    @Test
    void aBatchThatFindsTheDatabaseAwayIsAppliedWholeOnceItIsBack() throws Exception {
        String key = "batch-" + UUID.randomUUID();
        long base = ThreadLocalRandom.current().nextLong(1_000_000, 1_000_000_000);
        List<UUID> ids = new ArrayList<>();
        List<ProducerRecord<String, byte[]>> batch = new ArrayList<>();
        for (long t = base; t < base + 5; t++) {
            batch.add(created(ids, key, t, "line"));
            batch.add(ticketEvent(ids, key, t, "status-changed.v1",
                    "{\"ticketId\":%d,\"from\":\"new\",\"to\":\"open\",\"changedAt\":\"2036-03-03T03:00:00Z\"}".formatted(t)));
        }
        AnalyticsTestResource.databaseProxy().cut();
        try {
            TestProducer.sendTogether(batch);
            // the consumer has the batch and holds its partition, retrying until the database is back
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> given().when().get("/q/metrics").then().statusCode(200)
                    .extract().asString().matches("(?s).*madoguchi_consumer_partitions_held\\{topic=\"tickets.v1\"} [1-9].*"));
            // the test reads the database directly, the service through the proxy that is cut
            assertEquals(List.of(), xmins("ticket_event", "event_id", ids), "nothing applied while the database is away");
        } finally {
            AnalyticsTestResource.databaseProxy().restore();
        }
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> xmins("ticket_event", "event_id", ids).size() == ids.size());
        assertEquals(1, new HashSet<>(xmins("ticket_event", "event_id", ids)).size(), "the batch applied in one transaction");
        assertEquals(5, count("SELECT count(*) FROM ticket_summary WHERE ticket_id BETWEEN ? AND ? AND status = 'open' AND messages = 1",
                base, base + 4));
        // a batch's dead letters are sent before its offsets are committed
        ConsumerProbes.awaitCaughtUp("analytics-service", "tickets.v1");
        assertEquals(0, TopicReader.readToEnd("tickets.v1.dlq").stream().filter(r -> key.equals(r.key())).count());
    }

    @Test
    void theGroupRebalancesCooperativelySoAMemberComingOrGoingMovesOnlyItsOwnPartitions() {
        // eagerly, every member joining (another topic's consumer starting, a pod rolling) would revoke every partition
        // of the group, and each consumer re-read, and dead-lettered again, what it had applied since its last commit
        assertEquals("cooperative-sticky", ConsumerProbes.assignor("analytics-service"));
    }

    private static ProducerRecord<String, byte[]> created(List<UUID> ids, String key, long ticketId, String channel) {
        return ticketEvent(ids, key, ticketId, "created.v1", "{\"ticketId\":%d,\"channel\":\"%s\",\"status\":\"new\",\"createdAt\":\"2036-03-03T01:00:00Z\"}"
                .formatted(ticketId, channel));
    }

    private static ProducerRecord<String, byte[]> statusChanged(List<UUID> ids, long ticketId, String from, String to, boolean reopened, String at) {
        return ticketEvent(ids, ticketId, "status-changed.v1", "{\"ticketId\":%d,\"from\":\"%s\",\"to\":\"%s\",\"reopened\":%s,\"changedAt\":\"%s\"}"
                .formatted(ticketId, from, to, reopened, at));
    }

    private static ProducerRecord<String, byte[]> ticketEvent(List<UUID> ids, long ticketId, String type, String data) {
        return ticketEvent(ids, Long.toString(ticketId), ticketId, type, data);
    }

    private static ProducerRecord<String, byte[]> ticketEvent(List<UUID> ids, String key, long ticketId, String type, String data) {
        UUID id = UUID.randomUUID();
        ids.add(id);
        return TestProducer.cloudEvent("tickets.v1", key, id, T + type, data);
    }

    private static ProducerRecord<String, byte[]> deflected(List<UUID> ids, String key, String receivedAt) {
        UUID id = UUID.randomUUID();
        ids.add(id);
        return TestProducer.cloudEvent("inquiries.v1", key, id, "io.madoguchi.inquiry.deflected.v1",
                "{\"inquiryId\":\"%s\",\"receivedAt\":\"%s\",\"channel\":\"chat\",\"source\":\"web\"}".formatted(UUID.randomUUID(), receivedAt));
    }

    /** Everything already in the topic is read; the dead letters of a batch are sent before its last good event is applied. */
    private static ConsumerRecord<String, String> onlyDeadLetter(String topic, String key) {
        List<ConsumerRecord<String, String>> dead = TopicReader.readToEnd(topic).stream()
                .filter(r -> key.equals(r.key())).toList();
        assertEquals(1, dead.size(), "dead letters with key " + key);
        return dead.get(0);
    }

    /** The transaction that wrote each row found (as text: xid has no ordering), in no particular order. */
    private static List<String> xmins(String table, String idColumn, List<UUID> ids) throws SQLException {
        try (Connection db = AnalyticsTestResource.database();
                PreparedStatement query = db.prepareStatement("SELECT xmin::text FROM " + table + " WHERE " + idColumn + " = ANY (?)")) {
            query.setArray(1, db.createArrayOf("uuid", ids.toArray()));
            List<String> xmins = new ArrayList<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    xmins.add(rows.getString(1));
                }
            }
            xmins.sort(null);
            return xmins;
        }
    }

    private static List<String> summaries(long from, int tickets) throws SQLException {
        try (Connection db = AnalyticsTestResource.database();
                PreparedStatement query = db.prepareStatement("SELECT ticket_id || '|' || status || '|' || messages || '|' || agent_replies"
                        + " || '|' || reopens || '|' || (solved_at AT TIME ZONE 'UTC')::text || '+00' FROM ticket_summary"
                        + " WHERE ticket_id BETWEEN ? AND ? ORDER BY ticket_id")) {
            query.setLong(1, from);
            query.setLong(2, from + tickets - 1);
            List<String> rows = new ArrayList<>();
            try (ResultSet r = query.executeQuery()) {
                while (r.next()) {
                    rows.add(r.getString(1));
                }
            }
            return rows;
        }
    }

    private static int count(String sql, long from, long to) throws SQLException {
        try (Connection db = AnalyticsTestResource.database(); PreparedStatement query = db.prepareStatement(sql)) {
            query.setLong(1, from);
            query.setLong(2, to);
            try (ResultSet r = query.executeQuery()) {
                r.next();
                return r.getInt(1);
            }
        }
    }

    /** {count, total} of madoguchi.consumer.batch.size for the topic so far. */
    private double[] batchSizes(String topic) {
        DistributionSummary summary = registry.find("madoguchi.consumer.batch.size").tag("topic", topic).summary();
        return summary == null ? new double[] { 0, 0 } : new double[] { summary.count(), summary.totalAmount() };
    }
}
