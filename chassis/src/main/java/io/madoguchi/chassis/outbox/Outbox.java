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

/**
 * Writes events into the outbox, inside the caller's transaction; the {@link OutboxRelay} publishes them. A writing
 * statement's events are one row of table {@code outbox} (parallel arrays, in the order written), so a consumer's
 * batch costs the outbox one row however many events it announces; view {@code outbox_entry} shows one line per event.
 */
@ApplicationScoped
public class Outbox {

    /** The most events one row holds; an event's {@code ce_sequence} is its row's id times this plus its place in the row. */
    public static final int MAX_EVENTS_PER_ROW = 1024;

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

    /** Writes one event through the ORM session, inside its transaction: a row of its own. */
    public Uni<Void> add(OutboxEvent e) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        INSERT INTO outbox (events, event_ids, topics, record_keys, event_types, event_sources, event_subjects,
                                            event_times, payloads, traceparents)
                        VALUES (1, ARRAY[CAST(:id AS uuid)], ARRAY[CAST(:topic AS text)], ARRAY[CAST(:key AS text)],
                                ARRAY[CAST(:type AS text)], ARRAY[CAST(:source AS text)], ARRAY[CAST(:subject AS text)],
                                ARRAY[CAST(:time AS timestamptz)], ARRAY[CAST(:payload AS text)], ARRAY[CAST(:traceparent AS text)])""")
                .setParameter("id", e.eventId).setParameter("topic", e.topic).setParameter("key", e.recordKey)
                .setParameter("type", e.eventType).setParameter("source", e.eventSource).setParameter("subject", e.eventSubject)
                .setParameter("time", e.eventTime).setParameter("payload", e.payload).setParameter("traceparent", e.traceparent)
                .executeUpdate())
                .replaceWithVoid();
    }

    /**
     * Writes the events on {@code connection}, inside its transaction, for set-based consumers that do not go through
     * the ORM: one row (one statement) for up to {@value #MAX_EVENTS_PER_ROW} events, published in the order given.
     */
    public Uni<Void> write(SqlConnection connection, List<OutboxEvent> events) {
        if (events.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<OutboxEvent> row = events.size() > MAX_EVENTS_PER_ROW ? events.subList(0, MAX_EVENTS_PER_ROW) : events;
        return connection.preparedQuery("INSERT INTO outbox (events, event_ids, topics, record_keys, event_types, event_sources,"
                        + " event_subjects, event_times, payloads, traceparents) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)")
                .execute(Tuple.from(List.<Object>of(row.size(), Columns.of(row, e -> e.eventId, UUID[]::new),
                        Columns.of(row, e -> e.topic, String[]::new),
                        Columns.of(row, e -> e.recordKey, String[]::new), Columns.of(row, e -> e.eventType, String[]::new),
                        Columns.of(row, e -> e.eventSource, String[]::new), Columns.of(row, e -> e.eventSubject, String[]::new),
                        Columns.times(row, e -> e.eventTime), Columns.of(row, e -> e.payload, String[]::new),
                        Columns.of(row, e -> e.traceparent, String[]::new))))
                .chain(() -> row == events ? Uni.createFrom().voidItem()
                        : write(connection, events.subList(MAX_EVENTS_PER_ROW, events.size())));
    }

    /**
     * Removes the sent events keyed by one of {@code keys} from their rows, inside the caller's transaction: the
     * outbox's copy of what an erasure removed. Events not sent yet stay, to be published, and purged with the rest
     * after their retention. Returns how many events it removed.
     */
    public Uni<Integer> forgetSent(Collection<String> keys) {
        return keys.isEmpty() ? Uni.createFrom().item(0)
                : Panache.getSession().chain(session -> session
                        // the keys as one JSON array: a list parameter would be spelt as a row, not an array
                        .createNativeQuery("SELECT outbox_forget_sent(ARRAY(SELECT jsonb_array_elements_text(CAST(CAST(:keys AS text)"
                                + " AS jsonb))))", Integer.class)
                        .setParameter("keys", json(keys)).getSingleResult());
    }

    private String json(Collection<String> keys) {
        try {
            return mapper.writeValueAsString(keys);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** As {@link #forgetSent(Collection)}, on {@code connection}, inside its transaction, for set-based consumers. */
    public Uni<Integer> forgetSent(SqlConnection connection, Collection<String> keys) {
        return keys.isEmpty() ? Uni.createFrom().item(0)
                : connection.preparedQuery("SELECT outbox_forget_sent($1) AS forgotten")
                        .execute(Tuple.of(keys.toArray(String[]::new))).map(rows -> rows.iterator().next().getInteger("forgotten"));
    }
}
