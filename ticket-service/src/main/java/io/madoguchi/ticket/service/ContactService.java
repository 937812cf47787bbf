package io.madoguchi.ticket.service;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import io.madoguchi.ticket.domain.Contact;
import io.madoguchi.ticket.domain.ContactIdentity;
import io.madoguchi.ticket.domain.ContactMerge;
import io.madoguchi.ticket.repository.ContactIdentityRepository;
import io.madoguchi.ticket.repository.ContactMergeRepository;
import io.madoguchi.ticket.repository.ContactRepository;
import io.madoguchi.ticket.repository.TicketRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Contacts as admins see and merge them; an inquiry's contact is found by {@link BatchContacts}. */
@ApplicationScoped
public class ContactService {

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
