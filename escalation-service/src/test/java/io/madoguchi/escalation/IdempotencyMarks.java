package io.madoguchi.escalation;

import static io.madoguchi.chassis.testing.ConsumerProbes.uuids;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.awaitility.Awaitility;

import io.madoguchi.chassis.testing.ConsumerProbes;

/**
 * Where escalation-service keeps that a {@code tickets.v1} event was applied: a created event in the routing decision
 * it made ({@code created_event_id}), any other in {@code processed_event}.
 */
final class IdempotencyMarks {

    private static final String MARKS = "SELECT event_id, xmin::text AS tx FROM processed_event WHERE event_id = ANY(?)"
            + " UNION ALL SELECT created_event_id, xmin::text FROM routing_decision WHERE created_event_id = ANY(?)";

    private IdempotencyMarks() {
    }

    static void await(List<UUID> ids) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> marked(ids) == ids.size());
    }

    /** How many of the events are marked applied. */
    static long marked(List<UUID> ids) throws SQLException {
        return query("SELECT count(*) FROM (" + MARKS + ") m", ids);
    }

    /** How many transactions wrote the events' marks. */
    static long transactions(List<UUID> ids) throws SQLException {
        return query("SELECT count(DISTINCT tx) FROM (" + MARKS + ") m", ids);
    }

    private static long query(String sql, List<UUID> ids) throws SQLException {
        try (Connection db = EscalationTestResource.database()) {
            return ConsumerProbes.count(db, sql, uuids(db, ids), uuids(db, ids));
        }
    }
}
