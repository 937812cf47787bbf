package io.madoguchi.ticket.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import io.madoguchi.ticket.domain.Contact;
import io.madoguchi.ticket.domain.ContactIdentity;
import io.madoguchi.ticket.events.InquiryReceived;
import io.madoguchi.ticket.repository.IntakeBatchRepository.IdentityKey;

/**
 * The contacts of a batch's inquiries, decided in memory over the identities the batch read, each inquiry seeing
 * the contacts and identities the ones before it created. Identities are linked automatically only on strong
 * evidence: the same channel account, or the same e-mail address arriving by e-mail (verified by the mail itself).
 * A claimed address (a web form, an API) never joins someone else's contact.
 */
final class BatchContacts {

    private record Claim(IdentityKey key, boolean verified) {

        boolean strong() {
            return !key.kind().equals(ContactIdentity.EMAIL) && !key.kind().equals(ContactIdentity.PHONE) || verified;
        }
    }

    /** An identity and its contact: stored ones as read, new ones as this batch made them. */
    private static final class Linked {
        final Contact contact;
        final ContactIdentity added;
        boolean verified;

        Linked(Contact contact, ContactIdentity added, boolean verified) {
            this.contact = contact;
            this.added = added;
            this.verified = verified;
        }
    }

    private final Map<IdentityKey, Linked> known = new HashMap<>();
    private final List<Contact> created = new ArrayList<>();
    private final List<ContactIdentity> added = new ArrayList<>();
    private final Set<IdentityKey> verified = new LinkedHashSet<>();

    BatchContacts(Map<IdentityKey, ContactIdentity> stored) {
        Map<Long, Contact> contacts = new HashMap<>();
        stored.forEach((key, identity) -> known.put(key,
                new Linked(contacts.computeIfAbsent(identity.contactId, BatchContacts::stored), null, identity.verified)));
    }

    /** Every identity the inquiries claim, to be read before {@link #resolve}. */
    static Set<IdentityKey> claimedBy(Collection<InquiryReceived> inquiries) {
        Set<IdentityKey> keys = new LinkedHashSet<>();
        inquiries.forEach(inquiry -> claims(inquiry).forEach(claim -> keys.add(claim.key())));
        return keys;
    }

    /** The inquiry's contact: a stored one, or a new one (its id is set by {@link #assignIds}). */
    Contact resolve(InquiryReceived inquiry) {
        List<Claim> claims = claims(inquiry);
        Contact contact = claims.stream().filter(Claim::strong).map(claim -> known.get(claim.key()))
                .filter(Objects::nonNull).map(linked -> linked.contact).findFirst().orElse(null);
        if (contact == null) {
            contact = new Contact();
            contact.displayName = inquiry.requester() == null ? null : inquiry.requester().displayName();
            contact.createdAt = Instant.now();
            created.add(contact);
        }
        for (Claim claim : claims) {
            Linked existing = known.get(claim.key());
            if (existing == null) {
                ContactIdentity identity = new ContactIdentity();
                identity.kind = claim.key().kind();
                identity.value = claim.key().value();
                identity.verified = claim.verified();
                identity.createdAt = Instant.now();
                added.add(identity);
                known.put(claim.key(), new Linked(contact, identity, claim.verified()));
            } else if (existing.contact == contact && claim.verified() && !existing.verified) {
                existing.verified = true;
                if (existing.added != null) {
                    existing.added.verified = true;
                } else {
                    verified.add(claim.key());
                }
            }
            // taken by another contact: left there; only an admin merge joins two contacts
        }
        return contact;
    }

    List<Contact> created() {
        return created;
    }

    /** Gives the new contacts their ids, and the new identities their contact's. */
    void assignIds(List<Long> ids) {
        for (int i = 0; i < created.size(); i++) {
            created.get(i).id = ids.get(i);
        }
        known.values().stream().filter(linked -> linked.added != null).forEach(linked -> linked.added.contactId = linked.contact.id);
    }

    List<ContactIdentity> addedIdentities() {
        return added;
    }

    Set<IdentityKey> verifiedIdentities() {
        return verified;
    }

    private static Contact stored(long id) {
        Contact contact = new Contact();
        contact.id = id;
        return contact;
    }

    private static List<Claim> claims(InquiryReceived inquiry) {
        List<Claim> claims = new ArrayList<>();
        InquiryReceived.Requester r = inquiry.requester();
        if (r == null) {
            return claims;
        }
        boolean byMail = "email".equals(inquiry.channel());
        if (r.channelUserId() != null && !r.channelUserId().isBlank() && !byMail) {
            claims.add(new Claim(new IdentityKey(inquiry.channel(), r.channelUserId().trim()), true));
        }
        String email = r.email() != null ? r.email() : byMail ? r.channelUserId() : null;
        if (email != null && !email.isBlank()) {
            claims.add(new Claim(new IdentityKey(ContactIdentity.EMAIL, email.trim().toLowerCase(Locale.ROOT)), byMail));
        }
        if (r.phone() != null && !r.phone().isBlank()) {
            claims.add(new Claim(new IdentityKey(ContactIdentity.PHONE, r.phone().replaceAll("[^0-9+]", "")), false));
        }
        return claims;
    }
}
