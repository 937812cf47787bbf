package io.madoguchi.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.madoguchi.chassis.retention.RetentionPurge;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;

/**
 * Each store keeps its rows for its retention (outbox 7 days, processed events 30, raw payloads and deliveries 90) and
 * no longer; two purges side by side, as two replicas run them, purge each row once between them.
 */
@QuarkusTest
@WithTestResource(IngestTestResource.class)
class RetentionTest {

    @Inject
    RetentionPurge retention;

    @Test
    void whatOutlivedItsRetentionIsPurgedOnceByTwoReplicasAndNothingElse() throws Exception {
        String run = UUID.randomUUID().toString();
        int oldOutbox = 2_500;
        UUID waiting;
        try (Connection db = IngestTestResource.database(); Statement sql = db.createStatement()) {
            // the relay's rows get ids from a sequence as they are written: old rows have the smaller ids
            sql.execute("""
                    INSERT INTO outbox (id, events, event_ids, topics, record_keys, event_types, event_sources, event_subjects,
                                        event_times, payloads, traceparents, created_at)
                    SELECT -3000000 + n, 1, ARRAY[gen_random_uuid()], '{inquiries.v1}', ARRAY['%1$s'], '{t}', '{s}', '{NULL}',
                           ARRAY[now()], ARRAY['{}'], '{NULL}', now() - interval '8 days'
                           FROM generate_series(1, %2$d) AS n;
                    INSERT INTO outbox (id, events, event_ids, topics, record_keys, event_types, event_sources, event_subjects,
                                        event_times, payloads, traceparents, created_at)
                    SELECT -1000 + n, 1, ARRAY[gen_random_uuid()], '{inquiries.v1}', ARRAY['%1$s'], '{t}', '{s}', '{NULL}',
                           ARRAY[now()], ARRAY['{}'], '{NULL}', now() - interval '6 days'
                           FROM generate_series(1, 3) AS n;
                    INSERT INTO processed_event (event_id, topic, processed_at)
                    SELECT gen_random_uuid(), '%1$s', now() - interval '31 days' FROM generate_series(1, 1200);
                    INSERT INTO processed_event (event_id, topic, processed_at)
                    SELECT gen_random_uuid(), '%1$s', now() - interval '29 days' FROM generate_series(1, 4);
                    """.formatted(run, oldOutbox));
            UUID old = inquiry(db, run, "published", Duration.ofDays(91));
            waiting = inquiry(db, run, "pending", Duration.ofDays(91));
            UUID young = inquiry(db, run, "published", Duration.ofDays(89));
            sql.execute("""
                    INSERT INTO attachment (inquiry_id, position, filename, content_type, size, sha256, content)
                    VALUES ('%1$s', 0, 'receipt.pdf', 'application/pdf', 3, repeat('0', 64), 'pdf'),
                           ('%2$s', 0, 'receipt.pdf', 'application/pdf', 3, repeat('0', 64), 'pdf');
                    INSERT INTO superseded_payload (inquiry_id, raw_payload, superseded_at) VALUES ('%1$s', 'first words', now() - interval '91 days');
                    """.formatted(old, young));
            delivery(db, run, "SENT", Duration.ofDays(91));
            delivery(db, run, "FAILED", Duration.ofDays(91));
            delivery(db, run, "SENT", Duration.ofDays(89));
            delivery(db, run, "PENDING", null);
        }

        Instant now = Instant.now();
        var purged = Uni.join().all(retention.purgeNow(now), retention.purgeNow(now)).andFailFast()
                .await().atMost(Duration.ofMinutes(1));
        Map<String, Integer> first = purged.get(0);
        Map<String, Integer> second = purged.get(1);

        assertEquals(oldOutbox, first.get("outbox") + second.get("outbox"), "each old sent row purged once: " + purged);
        assertEquals(1_200, first.get("processed-events") + second.get("processed-events"), purged.toString());
        assertEquals(1, first.get("raw-payloads") + second.get("raw-payloads"), purged.toString());
        assertEquals(2, first.get("deliveries") + second.get("deliveries"), purged.toString());
        try (Connection db = IngestTestResource.database()) {
            assertEquals(3, count(db, "SELECT count(*) FROM outbox_entry WHERE record_key = ?", run), "younger than 7 days: kept");
            assertEquals(4, count(db, "SELECT count(*) FROM processed_event WHERE topic = ?", run), "younger than 30 days: kept");
            assertEquals(2, count(db, "SELECT count(*) FROM inquiry WHERE dedupe_key LIKE ? || '%' AND raw_payload IS NOT NULL", run),
                    "the young inquiry and the one still to normalize keep their payloads");
            assertEquals(1, count(db, "SELECT count(*) FROM inquiry WHERE dedupe_key LIKE ? || '%' AND raw_payload IS NULL"
                    + " AND raw_purged_at IS NOT NULL AND body IS NOT NULL", run), "the old one keeps its row and normalized text");
            assertEquals(1, count(db, "SELECT count(*) FROM attachment a JOIN inquiry i ON i.id = a.inquiry_id"
                    + " WHERE i.dedupe_key LIKE ? || '%' AND a.content IS NOT NULL", run), "only the young inquiry's attachment keeps its bytes");
            assertEquals(0, count(db, "SELECT count(*) FROM superseded_payload s JOIN inquiry i ON i.id = s.inquiry_id"
                    + " WHERE i.dedupe_key LIKE ? || '%'", run));
            assertEquals(2, count(db, "SELECT count(*) FROM delivery WHERE body = ?", run), "a young delivery and a pending one stay");
            assertEquals(1, count(db, "SELECT count(*) FROM inquiry WHERE id = ?::uuid AND status = 'pending'", waiting.toString()));
        }
    }

    private static UUID inquiry(Connection db, String run, String status, Duration age) throws SQLException {
        UUID id = UUID.randomUUID();
        try (PreparedStatement insert = db.prepareStatement("""
                INSERT INTO inquiry (id, source, channel, conversation_key, body, raw_payload, received_at, status, dedupe_key)
                VALUES (?, 'retention-test', 'api', ?, 'question', convert_to('{"body":"question"}', 'UTF8'), now() - ?::interval, ?, ?)""")) {
            insert.setObject(1, id);
            insert.setString(2, "api:" + run);
            insert.setString(3, age.toDays() + " days");
            insert.setString(4, status);
            insert.setString(5, run + "/" + id);
            insert.executeUpdate();
        }
        return id;
    }

    private static void delivery(Connection db, String run, String status, Duration age) throws SQLException {
        // a pending one is due tomorrow, so the delivery worker leaves it alone
        try (PreparedStatement insert = db.prepareStatement("""
                INSERT INTO delivery (id, causation_id, ticket_id, kind, channel, recipient, body, status, next_attempt_at, finished_at)
                VALUES (gen_random_uuid(), gen_random_uuid(), 1, 'reply', 'email', 'someone@example.jp', ?, ?, now() + interval '1 day',
                        now() - ?::interval)""")) {
            insert.setString(1, run);
            insert.setString(2, status);
            if (age == null) {
                insert.setNull(3, java.sql.Types.VARCHAR);
            } else {
                insert.setString(3, age.toDays() + " days");
            }
            insert.executeUpdate();
        }
    }

    private static long count(Connection db, String sql, String parameter) throws SQLException {
        try (PreparedStatement query = db.prepareStatement(sql)) {
            query.setString(1, parameter);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }
}
