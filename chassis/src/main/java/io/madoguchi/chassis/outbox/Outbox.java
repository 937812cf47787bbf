package io.madoguchi.chassis.outbox;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.madoguchi.chassis.ids.TimeOrderedUuids;
import io.madoguchi.chassis.sql.Columns;
import io.madoguchi.chassis.tracing.Traces;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/** Writes events into the outbox, inside the caller's transaction; the {@link OutboxRelay} publishes them. */
@ApplicationScoped
public class Outbox {

    private final ObjectMapper mapper;

    public Outbox(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /**
     * An event with a new id, its data serialized as JSON.
     *
     * @param subject the CloudEvents subject (the ticket id where there is one), or null
     */
    public OutboxEvent event(String topic, String key, String type, String source, String subject, Instant time, Object data) {
        try {
            return event(topic, key, type, source, subject, time, mapper.writeValueAsString(data));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Could not serialize " + type + " for " + key, e);
        }
    }

    /** An event with a new id whose data is already JSON, carrying the current span's trace. */
    public OutboxEvent event(String topic, String key, String type, String source, String subject, Instant time, String json) {
        OutboxEvent event = new OutboxEvent();
        event.eventId = TimeOrderedUuids.next();
        event.topic = topic;
        event.recordKey = key;
        event.eventType = type;
        event.eventSource = source;
        event.eventSubject = subject;
        event.eventTime = time;
        event.payload = json;
        event.traceparent = Traces.currentTraceparent();
        return event;
    }

    public Uni<Void> add(OutboxEvent event) {
        return Panache.getSession().chain(session -> session.persist(event));
    }

    public Uni<Void> add(List<OutboxEvent> events) {
        return events.isEmpty() ? Uni.createFrom().voidItem()
                : Panache.getSession().chain(session -> session.persistAll(events.toArray()));
    }

    /**
     * Writes the events in one statement on {@code connection}, inside its transaction, for set-based consumers that
     * do not go through the ORM. The rows take their ids in the order given, which is the order the relay sends them.
     */
    public Uni<Void> write(SqlConnection connection, List<OutboxEvent> events) {
        if (events.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return connection.preparedQuery("INSERT INTO outbox_event (event_id, topic, record_key, event_type, event_source,"
                        + " event_subject, event_time, payload, traceparent) SELECT e, t, k, ty, so, su, ti, p, tp FROM unnest($1::uuid[],"
                        + " $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::timestamptz[], $8::text[], $9::text[])"
                        + " WITH ORDINALITY AS u(e, t, k, ty, so, su, ti, p, tp, n) ORDER BY n")
                .execute(Tuple.from(List.<Object>of(Columns.of(events, e -> e.eventId, UUID[]::new), Columns.of(events, e -> e.topic, String[]::new),
                        Columns.of(events, e -> e.recordKey, String[]::new), Columns.of(events, e -> e.eventType, String[]::new),
                        Columns.of(events, e -> e.eventSource, String[]::new), Columns.of(events, e -> e.eventSubject, String[]::new),
                        Columns.times(events, e -> e.eventTime), Columns.of(events, e -> e.payload, String[]::new),
                        Columns.of(events, e -> e.traceparent, String[]::new))))
                .replaceWithVoid();
    }

    /**
     * Deletes the sent rows keyed by one of {@code keys}, inside the caller's transaction: the outbox's copy of what an
     * erasure removed. Rows not sent yet stay, to be published, and purged with the rest after their retention.
     */
    public Uni<Integer> forgetSent(Collection<String> keys) {
        return keys.isEmpty() ? Uni.createFrom().item(0)
                : Panache.getSession().chain(session -> session
                        .createNativeQuery("DELETE FROM outbox_event WHERE id <= (SELECT sent_through FROM outbox_position) AND record_key IN (:keys)")
                        .setParameter("keys", keys).executeUpdate());
    }

    /** As {@link #forgetSent(Collection)}, on {@code connection}, inside its transaction, for set-based consumers. */
    public Uni<Integer> forgetSent(SqlConnection connection, Collection<String> keys) {
        return keys.isEmpty() ? Uni.createFrom().item(0)
                : connection.preparedQuery("DELETE FROM outbox_event WHERE id <= (SELECT sent_through FROM outbox_position) AND record_key = ANY($1)")
                        .execute(Tuple.of(keys.toArray(String[]::new))).map(rows -> rows.rowCount());
    }
}
