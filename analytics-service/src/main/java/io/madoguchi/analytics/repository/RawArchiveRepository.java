package io.madoguchi.analytics.repository;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** The raw archive, personal data included: read by admins, purged after retention. Call within a Panache session. */
@ApplicationScoped
public class RawArchiveRepository {

    public record RawEvent(UUID eventId, String topic, String type, Instant time, String data) {
    }

    /** What is kept of a ticket whose raw history is due for deletion. */
    public record Expiring(long ticketId, String subject, String question, String answer, String requesterName) {
    }

    public Uni<List<RawEvent>> events(long ticketId) {
        return Panache.getSession().chain(s -> s.createNativeQuery(
                "SELECT event_id, topic, event_type, event_time, cast(data as text) FROM ticket_event WHERE ticket_id = ?1"
                        + " ORDER BY event_time NULLS FIRST, archived_at", Object[].class)
                .setParameter(1, ticketId).getResultList())
                .map(rows -> rows.stream().map(r -> new RawEvent((UUID) r[0], (String) r[1], (String) r[2],
                        KnowledgeBaseRepository.instant(r[3]), (String) r[4])).toList());
    }

    /** When the ticket's raw history was purged, or null; empty when the ticket is unknown. */
    public Uni<java.util.Optional<Instant>> purgedAt(long ticketId) {
        return Panache.getSession().chain(s -> s.createNativeQuery("SELECT raw_purged_at FROM ticket_summary WHERE ticket_id = ?1", Object.class)
                .setParameter(1, ticketId).getResultList())
                .map(rows -> rows.isEmpty() ? null : java.util.Optional.ofNullable(KnowledgeBaseRepository.instant(rows.get(0))));
    }

    /** Tickets closed before {@code closedBefore} whose raw history is still kept, locked for this transaction. */
    public Uni<List<Expiring>> expiring(OffsetDateTime closedBefore, int limit) {
        return Panache.getSession().chain(s -> s.createNativeQuery(
                "SELECT ticket_id, subject, question, answer, requester_name FROM ticket_summary"
                        + " WHERE closed_at < ?1 AND raw_purged_at IS NULL ORDER BY closed_at LIMIT ?2 FOR UPDATE SKIP LOCKED", Object[].class)
                .setParameter(1, closedBefore).setParameter(2, limit).getResultList())
                .map(rows -> rows.stream().map(r -> new Expiring(((Number) r[0]).longValue(), (String) r[1], (String) r[2], (String) r[3],
                        (String) r[4])).toList());
    }

    /** Deletes the ticket's raw events and keeps only the redacted text of its summary. */
    public Uni<Void> purge(long ticketId, String subject, String question, String answer, OffsetDateTime at) {
        return Panache.getSession().chain(s -> s.createNativeQuery("DELETE FROM ticket_event WHERE ticket_id = ?1")
                .setParameter(1, ticketId).executeUpdate()
                .chain(() -> s.createNativeQuery("UPDATE ticket_summary SET subject = ?2, question = ?3, answer = ?4,"
                                + " requester_name = NULL, requester_email = NULL, raw_purged_at = ?5 WHERE ticket_id = ?1")
                        .setParameter(1, ticketId).setParameter(2, subject).setParameter(3, question).setParameter(4, answer)
                        .setParameter(5, at).executeUpdate()))
                .replaceWithVoid();
    }
}
