package io.madoguchi.ingest.service.privacy;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.hibernate.reactive.mutiny.Mutiny;

import io.madoguchi.chassis.outbox.Outbox;
import io.madoguchi.ingest.events.TicketEvents;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Removes what ingest-service holds of a contact erased on request, in the consumer's transaction: the inquiries that
 * became messages of the ticket and every other inquiry sent from one of the contact's identities (matched by the
 * SHA-256 of the identity, as ticket-service keeps it) lose raw payload, text and requester, their attachments and
 * superseded payloads go; the ticket's deliveries lose recipient and text (a pending one fails, never sent); the
 * outbox's sent copies go. The inquiry rows stay, status {@code erased}, so a retried delivery of one is still a
 * duplicate and not a new inquiry.
 */
@ApplicationScoped
public class ContactErasure {

    // an identity as ticket-service keeps it: a channel user id as is, an e-mail address lower case, a phone's digits and +
    private static final String BY_IDENTITY = """
             OR encode(sha256(convert_to(requester_id, 'UTF8')), 'hex') IN (:hashes)
             OR encode(sha256(convert_to(lower(requester_id), 'UTF8')), 'hex') IN (:hashes)
             OR encode(sha256(convert_to(lower(requester_email), 'UTF8')), 'hex') IN (:hashes)
             OR encode(sha256(convert_to(regexp_replace(requester_phone, '[^0-9+]', '', 'g'), 'UTF8')), 'hex') IN (:hashes)""";

    private final Outbox outbox;

    public ContactErasure(Outbox outbox) {
        this.outbox = outbox;
    }

    public Uni<Void> erase(TicketEvents.ContactErased erased) {
        String ticket = Long.toString(erased.ticketId());
        return Panache.getSession().chain(session -> inquiries(session, erased).chain(found -> {
            List<UUID> ids = found.stream().map(row -> (UUID) row[0]).toList();
            Set<String> keys = new LinkedHashSet<>(List.of(ticket));
            found.stream().map(row -> (String) row[1]).filter(key -> key != null).forEach(keys::add);
            return scrub(session, ids)
                    .chain(() -> session.createNativeQuery("""
                            UPDATE delivery_ticket SET conversation_key = NULL, requester_email = NULL, requester_user_id = NULL,
                                requester_name = NULL, subject = NULL WHERE ticket_id = :ticket""")
                            .setParameter("ticket", erased.ticketId()).executeUpdate())
                    .chain(() -> session.createNativeQuery("""
                            UPDATE delivery SET recipient = '', subject = NULL, body = '', in_reply_to = NULL, thread_references = NULL,
                                channel_reference = NULL,
                                last_error = CASE WHEN status = 'PENDING' THEN 'contact erased' END,
                                status = CASE WHEN status = 'PENDING' THEN 'FAILED' ELSE status END,
                                finished_at = coalesce(finished_at, now())
                            WHERE ticket_id = :ticket""").setParameter("ticket", erased.ticketId()).executeUpdate())
                    .chain(() -> outbox.forgetSent(keys)).replaceWithVoid();
        }));
    }

    private static Uni<List<Object[]>> inquiries(Mutiny.Session session, TicketEvents.ContactErased erased) {
        List<UUID> ids = erased.inquiryIds().isEmpty() ? List.of(new UUID(0, 0)) : erased.inquiryIds();
        boolean byIdentity = !erased.identityHashes().isEmpty();
        var query = session.createNativeQuery("SELECT id, conversation_key FROM inquiry WHERE id IN (:ids)" + (byIdentity ? BY_IDENTITY : "")
                + " FOR UPDATE", Object[].class).setParameter("ids", ids);
        if (byIdentity) {
            query.setParameter("hashes", erased.identityHashes());
        }
        return query.getResultList();
    }

    private static Uni<Void> scrub(Mutiny.Session session, List<UUID> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return session.createNativeQuery("""
                        UPDATE inquiry SET status = 'erased', status_reason = NULL, subject = NULL, body = NULL, requester_id = NULL,
                            requester_email = NULL, requester_name = NULL, requester_phone = NULL, raw_payload = NULL,
                            raw_purged_at = now(), event_data = NULL, channel_message_id = NULL, conversation_key = NULL,
                            next_attempt_at = NULL
                        WHERE id IN (:ids)""").setParameter("ids", ids).executeUpdate()
                .chain(() -> session.createNativeQuery("DELETE FROM attachment WHERE inquiry_id IN (:ids)").setParameter("ids", ids)
                        .executeUpdate())
                .chain(() -> session.createNativeQuery("DELETE FROM superseded_payload WHERE inquiry_id IN (:ids)").setParameter("ids", ids)
                        .executeUpdate())
                .replaceWithVoid();
    }
}
