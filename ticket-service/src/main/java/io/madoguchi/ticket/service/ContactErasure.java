package io.madoguchi.ticket.service;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import org.hibernate.reactive.mutiny.Mutiny;

import io.madoguchi.chassis.outbox.Outbox;
import io.madoguchi.ticket.domain.Contact;
import io.madoguchi.ticket.domain.ContactIdentity;
import io.madoguchi.ticket.events.TicketEvents;
import io.madoguchi.ticket.repository.ContactIdentityRepository;
import io.madoguchi.ticket.repository.ContactRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Erases a contact on a data-protection request (GDPR, APPI): its identities are deleted, its tickets keep their
 * status, queue and times for the statistics but lose subject, requester, conversation key, every message body and
 * the attachments' descriptions, and one {@code contact-erased} event per ticket tells the other services to remove
 * what they hold. The outbox's
 * sent copies of the tickets' events go too. Erasing again repeats it all.
 */
@ApplicationScoped
public class ContactErasure {

    /** What was erased; null tickets when there was no such contact. */
    public record Erased(long contactId, List<Long> ticketIds, Instant erasedAt) {
    }

    private final ContactRepository contacts;
    private final ContactIdentityRepository identities;
    private final TicketOutbox events;
    private final Outbox outbox;

    public ContactErasure(ContactRepository contacts, ContactIdentityRepository identities, TicketOutbox events, Outbox outbox) {
        this.contacts = contacts;
        this.identities = identities;
        this.events = events;
        this.outbox = outbox;
    }

    /** Call within a transaction; null when there is no such contact. */
    public Uni<Erased> erase(long contactId, String admin) {
        Instant now = Instant.now();
        return contacts.findById(contactId).chain(contact -> contact == null ? Uni.createFrom().nullItem()
                : identities.listByContact(contactId).chain(known -> Panache.getSession().chain(session ->
                        ticketsOf(session, contactId).chain(tickets -> inquiriesOf(session, tickets).chain(inquiries ->
                                scrub(session, tickets, now)
                                        .chain(() -> announce(contactId, tickets, inquiries, hashes(known), admin, now))
                                        .chain(() -> outbox.forgetSent(tickets.stream().map(String::valueOf).toList()))
                                        .chain(() -> identities.delete("contactId", contactId))
                                        .invoke(() -> forget(contact, now))
                                        .replaceWith(new Erased(contactId, tickets, now)))))));
    }

    private static Uni<List<Long>> ticketsOf(Mutiny.Session session, long contactId) {
        return session.createNativeQuery("SELECT id FROM ticket WHERE contact_id = :contact ORDER BY id", Long.class)
                .setParameter("contact", contactId).getResultList();
    }

    private static Uni<List<UUID>> inquiriesOf(Mutiny.Session session, List<Long> tickets) {
        return tickets.isEmpty() ? Uni.createFrom().item(List.of())
                : session.createNativeQuery("SELECT inquiry_id FROM ticket_message WHERE ticket_id IN (:tickets) AND inquiry_id IS NOT NULL"
                        + " ORDER BY id", UUID.class).setParameter("tickets", tickets).getResultList();
    }

    private static Uni<Void> scrub(Mutiny.Session session, List<Long> tickets, Instant now) {
        if (tickets.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        // the version moves, so an agent's change read before the erasure fails its If-Match instead of writing back
        return update(session, "UPDATE ticket SET subject = NULL, requester_id = NULL, requester_email = NULL, requester_name = NULL,"
                        + " conversation_key = 'erased:' || id, erased_at = :now, version = version + 1 WHERE id IN (:tickets)", tickets, now)
                .chain(() -> update(session, "UPDATE ticket_message SET body = '', external_id = NULL, attachments = NULL,"
                        + " author_id = CASE WHEN author_type = 'agent' THEN author_id END WHERE ticket_id IN (:tickets)", tickets, null))
                .chain(() -> update(session, "UPDATE survey SET comment = NULL WHERE ticket_id IN (:tickets)", tickets, null))
                .chain(() -> update(session, "UPDATE message_delivery SET channel_reference = NULL, reason = NULL WHERE ticket_id IN (:tickets)",
                        tickets, null));
    }

    private static Uni<Void> update(Mutiny.Session session, String sql, List<Long> tickets, Instant now) {
        var query = session.createNativeQuery(sql).setParameter("tickets", tickets);
        if (now != null) {
            query.setParameter("now", now);
        }
        return query.executeUpdate().replaceWithVoid();
    }

    private Uni<Void> announce(long contactId, List<Long> tickets, List<UUID> inquiries, List<String> hashes, String admin, Instant now) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (long ticketId : tickets) {
            TicketEvents.ContactErased erased = new TicketEvents.ContactErased(ticketId, contactId, inquiries, hashes, admin, now);
            chain = chain.chain(() -> events.publish(ticketId, TicketEvents.CONTACT_ERASED, now, erased));
        }
        return chain;
    }

    private static void forget(Contact contact, Instant now) {
        contact.displayName = null;
        contact.erasedAt = now;
    }

    /** SHA-256 (hex) of each identity's value as kept here, which is how consumers match the inquiries it sent. */
    static List<String> hashes(List<ContactIdentity> identities) {
        return identities.stream().map(identity -> sha256(identity.value)).distinct().toList();
    }

    private static String sha256(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
