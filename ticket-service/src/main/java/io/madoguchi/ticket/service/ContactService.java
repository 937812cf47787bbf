package io.madoguchi.ticket.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import io.madoguchi.ticket.domain.Contact;
import io.madoguchi.ticket.domain.ContactIdentity;
import io.madoguchi.ticket.domain.ContactMerge;
import io.madoguchi.ticket.events.InquiryReceived;
import io.madoguchi.ticket.repository.ContactIdentityRepository;
import io.madoguchi.ticket.repository.ContactMergeRepository;
import io.madoguchi.ticket.repository.ContactRepository;
import io.madoguchi.ticket.repository.TicketRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Finds the contact an inquiry comes from. Identities are linked automatically only on strong
 * evidence: the same channel account, or the same e-mail address arriving by e-mail (verified by
 * the mail itself). A claimed address (a web form, an API) never joins someone else's contact.
 */
@ApplicationScoped
public class ContactService {

    private record Claim(String kind, String value, boolean verified) {
    }

    private final ContactRepository contacts;
    private final ContactIdentityRepository identities;
    private final ContactMergeRepository merges;
    private final TicketRepository tickets;

    public ContactService(ContactRepository contacts, ContactIdentityRepository identities, ContactMergeRepository merges,
            TicketRepository tickets) {
        this.contacts = contacts;
        this.identities = identities;
        this.merges = merges;
        this.tickets = tickets;
    }

    /** Within the caller's transaction: the contact of the inquiry's requester, created if new. */
    public Uni<Long> resolve(InquiryReceived inquiry) {
        List<Claim> claims = claims(inquiry);
        return findLinked(claims, 0).chain(contactId -> contactId != null
                ? addMissing(contactId, claims, 0).replaceWith(contactId)
                : create(inquiry).chain(id -> addMissing(id, claims, 0).replaceWith(id)));
    }

    private Uni<Long> findLinked(List<Claim> claims, int i) {
        if (i == claims.size()) {
            return Uni.createFrom().nullItem();
        }
        Claim claim = claims.get(i);
        boolean strong = !claim.kind().equals(ContactIdentity.EMAIL) && !claim.kind().equals(ContactIdentity.PHONE) || claim.verified();
        if (!strong) {
            return findLinked(claims, i + 1);
        }
        return identities.find(claim.kind(), claim.value())
                .chain(found -> found != null ? Uni.createFrom().item(found.contactId) : findLinked(claims, i + 1));
    }

    private Uni<Void> addMissing(long contactId, List<Claim> claims, int i) {
        if (i == claims.size()) {
            return Uni.createFrom().voidItem();
        }
        Claim claim = claims.get(i);
        return identities.find(claim.kind(), claim.value()).chain(existing -> {
            if (existing == null) {
                ContactIdentity identity = new ContactIdentity();
                identity.contactId = contactId;
                identity.kind = claim.kind();
                identity.value = claim.value();
                identity.verified = claim.verified();
                identity.createdAt = Instant.now();
                return identities.persist(identity).replaceWithVoid();
            }
            if (existing.contactId == contactId && claim.verified() && !existing.verified) {
                existing.verified = true;
            }
            // taken by another contact: left there; only an admin merge joins two contacts
            return Uni.createFrom().voidItem();
        }).chain(() -> addMissing(contactId, claims, i + 1));
    }

    private Uni<Long> create(InquiryReceived inquiry) {
        Contact contact = new Contact();
        contact.displayName = inquiry.requester() == null ? null : inquiry.requester().displayName();
        contact.createdAt = Instant.now();
        return contacts.persist(contact).map(c -> c.id);
    }

    private static List<Claim> claims(InquiryReceived inquiry) {
        List<Claim> claims = new ArrayList<>();
        InquiryReceived.Requester r = inquiry.requester();
        if (r == null) {
            return claims;
        }
        boolean byMail = "email".equals(inquiry.channel());
        if (r.channelUserId() != null && !r.channelUserId().isBlank() && !byMail) {
            claims.add(new Claim(inquiry.channel(), r.channelUserId().trim(), true));
        }
        String email = r.email() != null ? r.email() : byMail ? r.channelUserId() : null;
        if (email != null && !email.isBlank()) {
            claims.add(new Claim(ContactIdentity.EMAIL, email.trim().toLowerCase(Locale.ROOT), byMail));
        }
        if (r.phone() != null && !r.phone().isBlank()) {
            claims.add(new Claim(ContactIdentity.PHONE, r.phone().replaceAll("[^0-9+]", ""), false));
        }
        return claims;
    }

    /** Moves the source contact's identities and tickets to the target, remembering what moved. */
    public Uni<ContactMerge> merge(long sourceId, long targetId, String admin) {
        if (sourceId == targetId) {
            throw new IllegalArgumentException("a contact cannot be merged into itself");
        }
        return contacts.findById(targetId).chain(target -> contacts.findById(sourceId).chain(source -> {
            if (source == null || target == null) {
                return Uni.createFrom().nullItem();
            }
            return identities.listByContact(sourceId).chain(ids -> tickets.listByContact(sourceId).chain(owned -> {
                ids.forEach(identity -> identity.contactId = targetId);
                owned.forEach(ticket -> ticket.contactId = targetId);
                ContactMerge merge = new ContactMerge();
                merge.sourceContactId = sourceId;
                merge.targetContactId = targetId;
                merge.identityIds = ids.stream().map(i -> i.id).toArray(Long[]::new);
                merge.ticketIds = owned.stream().map(t -> t.id).toArray(Long[]::new);
                merge.mergedBy = admin;
                merge.mergedAt = Instant.now();
                return merges.persist(merge);
            }));
        }));
    }

    /** Puts back exactly what the merge moved: the identities and the tickets that were the source's. */
    public Uni<ContactMerge> undo(long mergeId) {
        return merges.findById(mergeId).chain(merge -> {
            if (merge == null || merge.undoneAt != null) {
                return Uni.createFrom().item(merge);
            }
            merge.undoneAt = Instant.now();
            List<Long> identityIds = Arrays.asList(merge.identityIds);
            List<Long> ticketIds = Arrays.asList(merge.ticketIds);
            Uni<Integer> movedIdentities = identityIds.isEmpty() ? Uni.createFrom().item(0)
                    : identities.update("contactId = ?1 where id in ?2", merge.sourceContactId, identityIds);
            return movedIdentities
                    .chain(() -> ticketIds.isEmpty() ? Uni.createFrom().item(0)
                            : tickets.update("contactId = ?1 where id in ?2", merge.sourceContactId, ticketIds))
                    .replaceWith(merge);
        });
    }

    public Uni<List<ContactIdentity>> identitiesOf(long contactId) {
        return identities.listByContact(contactId);
    }

    public Uni<Contact> find(long contactId) {
        return contacts.findById(contactId);
    }
}
