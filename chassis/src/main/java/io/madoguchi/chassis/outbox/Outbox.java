package io.madoguchi.chassis.outbox;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.madoguchi.chassis.tracing.Traces;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
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
        event.eventId = UUID.randomUUID();
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
     * Deletes the sent rows keyed by one of {@code keys}, inside the caller's transaction: the outbox's copy of what an
     * erasure removed. Rows not sent yet stay, to be published, and purged with the rest after their retention.
     */
    public Uni<Integer> forgetSent(Collection<String> keys) {
        return keys.isEmpty() ? Uni.createFrom().item(0)
                : Panache.getSession().chain(session -> session
                        .createNativeQuery("DELETE FROM outbox_event WHERE sent_at IS NOT NULL AND record_key IN (:keys)")
                        .setParameter("keys", keys).executeUpdate());
    }
}
