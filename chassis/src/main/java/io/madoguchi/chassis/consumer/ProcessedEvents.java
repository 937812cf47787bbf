package io.madoguchi.chassis.consumer;

import java.util.UUID;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
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
}
