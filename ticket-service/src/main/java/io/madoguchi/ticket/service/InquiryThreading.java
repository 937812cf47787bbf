package io.madoguchi.ticket.service;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.madoguchi.ticket.domain.Ticket;
import io.madoguchi.ticket.domain.TicketStatus;
import io.madoguchi.ticket.events.InquiryReceived;
import io.madoguchi.ticket.repository.TicketMessageRepository;
import io.madoguchi.ticket.repository.TicketRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Which ticket an inquiry joins, decided by these signals in order, and only ever within the requester's
 * contact: (1) a ticket token such as {@code [#T-1234]} in the subject, or a reply address such as
 * {@code support+T-1234@example.com} among the recipients; (2) the e-mail In-Reply-To and References headers
 * against stored Message-IDs; (3) the conversation key (the channel's thread: e-mail root, Slack thread, LINE
 * user or group, chat conversation). A follow-up to a merged ticket goes to the ticket it was merged into; to a
 * closed one, into a new ticket linked to it.
 */
@ApplicationScoped
public class InquiryThreading {

    static final int MAX_REFERENCES = 100;

    /** Where an inquiry goes: onto {@code ticket}, or, when that is null, into a new ticket following up {@code followUpOf}. */
    public record Placement(Ticket ticket, Long followUpOf) {

        static Placement onto(Ticket ticket) {
            return new Placement(ticket, null);
        }

        static Placement newTicket(Long followUpOf) {
            return new Placement(null, followUpOf);
        }
    }

    private static final Pattern TICKET_TOKEN = Pattern.compile("\\[#T-(\\d{1,18})]");
    /** A reply address such as support+T-1234@example.com. */
    private static final Pattern REPLY_ADDRESS_TOKEN = Pattern.compile("\\+T-(\\d{1,18})@", Pattern.CASE_INSENSITIVE);

    private final TicketRepository tickets;
    private final TicketMessageRepository messages;

    public InquiryThreading(TicketRepository tickets, TicketMessageRepository messages) {
        this.tickets = tickets;
        this.messages = messages;
    }

    /** Within the caller's session: where the inquiry of the contact goes. */
    public Uni<Placement> place(InquiryReceived inquiry, long contactId) {
        return byTicketToken(inquiry, contactId)
                .chain(t -> t != null ? Uni.createFrom().item(t) : byEmailReferences(inquiry, contactId))
                .chain(t -> t != null ? Uni.createFrom().item(t) : tickets.findLatestInConversation(inquiry.conversationKey(), contactId))
                .chain(t -> followMerges(t, 0))
                .map(target -> {
                    if (target == null) {
                        return Placement.newTicket(null);
                    }
                    if (target.lifecycle() == TicketStatus.CLOSED) {
                        return Placement.newTicket(target.id);
                    }
                    return Placement.onto(target);
                });
    }

    private Uni<Ticket> byTicketToken(InquiryReceived inquiry, long contactId) {
        Long id = tokenIn(inquiry.subject(), TICKET_TOKEN);
        if (id == null && inquiry.recipients() != null) {
            id = inquiry.recipients().stream().map(r -> tokenIn(r, REPLY_ADDRESS_TOKEN)).filter(java.util.Objects::nonNull)
                    .findFirst().orElse(null);
        }
        return id == null ? Uni.createFrom().nullItem() : tickets.findById(id).map(t -> sameContact(t, contactId));
    }

    private static Long tokenIn(String text, Pattern pattern) {
        Matcher token = text == null ? null : pattern.matcher(text);
        return token != null && token.find() ? Long.parseLong(token.group(1)) : null;
    }

    private Uni<Ticket> byEmailReferences(InquiryReceived inquiry, long contactId) {
        InquiryReceived.ThreadRefs refs = inquiry.threadRefs();
        if (refs == null) {
            return Uni.createFrom().nullItem();
        }
        return messages.findTicketByExternalIds(lookedUp(refs))
                .chain(ticketId -> ticketId == null ? Uni.createFrom().nullItem() : tickets.findById(ticketId))
                .map(t -> sameContact(t, contactId));
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

    private static Ticket sameContact(Ticket ticket, long contactId) {
        return ticket != null && ticket.contactId != null && ticket.contactId == contactId ? ticket : null;
    }

    private Uni<Ticket> followMerges(Ticket ticket, int depth) {
        if (ticket == null || ticket.mergedInto == null || depth > 10) {
            return Uni.createFrom().item(ticket);
        }
        return tickets.findById(ticket.mergedInto).chain(next -> followMerges(next, depth + 1));
    }
}
