package io.madoguchi.chassis.consumer;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The idempotent consumer's log, table {@code processed_event (event_id uuid primary key, topic text, ...)} in the
 * service's own database: an event id is recorded in the same transaction as the event's effect.
 */
@ApplicationScoped
public class ProcessedEvents {

    /** @return true if the event was not processed before (and is now recorded), false for a redelivery */
    public Uni<Boolean> markProcessed(UUID eventId, String topic) {
        return Panache.getSession().chain(session -> session
                .createNativeQuery("INSERT INTO processed_event (event_id, topic) VALUES (?1, ?2) ON CONFLICT DO NOTHING")
                .setParameter(1, eventId)
                .setParameter(2, topic)
                .executeUpdate())
                .map(inserted -> inserted == 1);
    }

    /**
     * Records a batch's events in one statement on {@code connection}, inside its transaction, for set-based consumers
     * that do not go through the ORM.
     *
     * @return the ids not processed before (now recorded), a set the caller may change; the others are redeliveries
     */
    public Uni<Set<UUID>> markProcessed(SqlConnection connection, List<UUID> eventIds, String topic) {
        if (eventIds.isEmpty()) {
            return Uni.createFrom().item(new HashSet<>());
        }
        return connection.preparedQuery("INSERT INTO processed_event (event_id, topic) SELECT unnest($1::uuid[]), $2"
                        + " ON CONFLICT DO NOTHING RETURNING event_id")
                .execute(Tuple.of(eventIds.toArray(UUID[]::new), topic))
                .map(rows -> {
                    Set<UUID> fresh = new HashSet<>();
                    rows.forEach(row -> fresh.add(row.getUUID(0)));
                    return fresh;
                });
    }

    /**
     * Which of these events were recorded as processed, read without recording anything: for consumers that tell
     * redeliveries by a watermark and look here only for events recorded before they kept one.
     */
    public Uni<Set<UUID>> processedAmong(SqlConnection connection, List<UUID> eventIds) {
        if (eventIds.isEmpty()) {
            return Uni.createFrom().item(new HashSet<>());
        }
        return connection.preparedQuery("SELECT event_id FROM processed_event WHERE event_id = ANY($1)")
                .execute(Tuple.of(eventIds.toArray(UUID[]::new)))
                .map(rows -> {
                    Set<UUID> processed = new HashSet<>();
                    rows.forEach(row -> processed.add(row.getUUID(0)));
                    return processed;
                });
    }
}
