package io.madoguchi.ticket.service;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.madoguchi.ticket.domain.Ticket;
import io.madoguchi.ticket.domain.TicketStatus;
import io.madoguchi.ticket.events.InquiryReceived;
import io.madoguchi.ticket.repository.IntakeBatchRepository.Conversation;
import io.madoguchi.ticket.repository.IntakeBatchRepository.MessageRef;

/**
 * Which ticket each inquiry of a batch joins, decided in memory over what the batch read, each inquiry seeing the
 * tickets and messages the ones before it created. The signals, in order, and only ever within the requester's
 * contact: (1) a ticket token such as {@code [#T-1234]} in the subject, or a reply address such as
 * {@code support+T-1234@example.com} among the recipients; (2) the e-mail In-Reply-To and References headers
 * against stored Message-IDs; (3) the conversation key (the channel's thread: e-mail root, Slack thread, LINE
 * user or group, chat conversation). A follow-up to a merged ticket goes to the ticket it was merged into; to a
 * closed one, into a new ticket linked to it.
 */
final class InquiryThreading {

    static final int MAX_REFERENCES = 100;
    private static final int MAX_MERGE_HOPS = 10;

    /** Where an inquiry goes: onto {@code ticket}, or, when that is null, into a new ticket following up {@code followUpOf}. */
    record Placement(Ticket ticket, Long followUpOf) {
    }

    private static final Pattern TICKET_TOKEN = Pattern.compile("\\[#T-(\\d{1,18})]");
    /** A reply address such as support+T-1234@example.com. */
    private static final Pattern REPLY_ADDRESS_TOKEN = Pattern.compile("\\+T-(\\d{1,18})@", Pattern.CASE_INSENSITIVE);

    private final Map<Long, Ticket> tickets;
    private final Map<String, MessageRef> storedMessages;
    private final Map<Conversation, Ticket> latest;
    /** Channel message ids of the messages this batch created, each with its ticket; a later message replaces an earlier one. */
    private final Map<String, BatchMessage> batchMessages = new HashMap<>();
    private int created;

    private record BatchMessage(Ticket ticket, int seq) {
    }

    /**
     * @param tickets every stored ticket the lookups below name, and the tickets they were merged into
     * @param storedMessages for each channel message id, the newest stored message carrying it
     * @param latest the newest stored ticket of each conversation for its contact
     */
    InquiryThreading(Map<Long, Ticket> tickets, Map<String, MessageRef> storedMessages, Map<Conversation, Ticket> latest) {
        this.tickets = tickets;
        this.storedMessages = storedMessages;
        this.latest = new HashMap<>(latest);
    }

    Placement place(InquiryReceived inquiry, long contactId) {
        Ticket found = sameContact(byTicketToken(inquiry), contactId);
        if (found == null) {
            found = sameContact(byEmailReferences(inquiry), contactId);
        }
        if (found == null) {
            found = latest.get(new Conversation(inquiry.conversationKey(), contactId));
        }
        Ticket target = followMerges(found);
        if (target == null) {
            return new Placement(null, null);
        }
        return target.lifecycle() == TicketStatus.CLOSED ? new Placement(null, target.id) : new Placement(target, null);
    }

    /** Makes a ticket this batch created, and its first message, visible to the inquiries after it. */
    void created(Ticket ticket, String externalId) {
        latest.put(new Conversation(ticket.conversationKey, ticket.contactId), ticket);
        appended(ticket, externalId);
    }

    void appended(Ticket ticket, String externalId) {
        if (externalId != null) {
            batchMessages.put(externalId, new BatchMessage(ticket, created++));
        }
    }

    private Ticket byTicketToken(InquiryReceived inquiry) {
        Long id = ticketToken(inquiry);
        return id == null ? null : tickets.get(id);
    }

    private Ticket byEmailReferences(InquiryReceived inquiry) {
        if (inquiry.threadRefs() == null) {
            return null;
        }
        List<String> refs = lookedUp(inquiry.threadRefs());
        // this batch's messages are newer than any stored one: the last created among the references wins
        BatchMessage newest = refs.stream().map(batchMessages::get).filter(Objects::nonNull)
                .max((a, b) -> Integer.compare(a.seq(), b.seq())).orElse(null);
        if (newest != null) {
            return newest.ticket();
        }
        return refs.stream().map(storedMessages::get).filter(Objects::nonNull).max((a, b) -> Long.compare(a.messageId(), b.messageId()))
                .map(ref -> tickets.get(ref.ticketId())).orElse(null);
    }

    private Ticket followMerges(Ticket ticket) {
        Ticket at = ticket;
        for (int hops = 0; at != null && at.mergedInto != null && hops <= MAX_MERGE_HOPS; hops++) {
            at = tickets.get(at.mergedInto);
        }
        return at;
    }

    private static Ticket sameContact(Ticket ticket, long contactId) {
        return ticket != null && ticket.contactId != null && ticket.contactId == contactId ? ticket : null;
    }

    /** The ticket ids the inquiries name by token, to be read before {@link #place}. */
    static Set<Long> tokensIn(Collection<InquiryReceived> inquiries) {
        Set<Long> ids = new LinkedHashSet<>();
        inquiries.stream().map(InquiryThreading::ticketToken).filter(Objects::nonNull).forEach(ids::add);
        return ids;
    }

    /** The channel message ids the inquiries refer to, to be read before {@link #place}. */
    static Set<String> referencesIn(Collection<InquiryReceived> inquiries) {
        Set<String> ids = new LinkedHashSet<>();
        inquiries.stream().filter(i -> i.threadRefs() != null).forEach(i -> ids.addAll(lookedUp(i.threadRefs())));
        return ids;
    }

    private static Long ticketToken(InquiryReceived inquiry) {
        Long id = tokenIn(inquiry.subject(), TICKET_TOKEN);
        if (id == null && inquiry.recipients() != null) {
            id = inquiry.recipients().stream().map(r -> tokenIn(r, REPLY_ADDRESS_TOKEN)).filter(Objects::nonNull).findFirst().orElse(null);
        }
        return id;
    }

    private static Long tokenIn(String text, Pattern pattern) {
        Matcher token = text == null ? null : pattern.matcher(text);
        return token != null && token.find() ? Long.parseLong(token.group(1)) : null;
    }

    /**
     * In-Reply-To, the thread's root and its newest references, at most {@value #MAX_REFERENCES} in all: any producer
     * may publish an inquiry, and a list of thousands would become one query with thousands of parameters.
     */
    static List<String> lookedUp(InquiryReceived.ThreadRefs refs) {
        List<String> ids = new ArrayList<>();
        if (refs.inReplyTo() != null) {
            ids.add(refs.inReplyTo());
        }
        List<String> references = refs.references() == null ? List.of() : refs.references();
        int room = MAX_REFERENCES - ids.size();
        if (references.size() <= room) {
            ids.addAll(references);
        } else {
            ids.add(references.get(0));
            ids.addAll(references.subList(references.size() - (room - 1), references.size()));
        }
        return ids;
    }
}
