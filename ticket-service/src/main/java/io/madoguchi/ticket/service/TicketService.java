package io.madoguchi.ticket.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.madoguchi.chassis.consumer.ProcessedEvents;
import io.madoguchi.chassis.outbox.OutboxRelay;
import io.madoguchi.ticket.domain.Ticket;
import io.madoguchi.ticket.domain.TicketMessage;
import io.madoguchi.ticket.domain.TicketStatus;
import io.madoguchi.ticket.events.InquiryReceived;
import io.madoguchi.ticket.events.TicketEvents;
import io.madoguchi.ticket.repository.TicketMessageRepository;
import io.madoguchi.ticket.repository.TicketRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Turns inquiries into tickets (escalation-service's decisions are {@link EscalationEffects}). Each change, the
 * record that its event was processed, and the outbox rows announcing it commit together.
 *
 * <p>New ticket or follow-up, decided by these signals in order, and only ever within the requester's
 * contact: (1) a ticket token such as {@code [#T-1234]} in the subject, or a reply address such as
 * {@code support+T-1234@example.com} among the recipients; (2) the e-mail In-Reply-To and
 * References headers against stored Message-IDs; (3) the conversation key (the channel's thread: e-mail
 * root, Slack thread, LINE user or group, chat conversation). A follow-up to a closed ticket opens a new
 * ticket linked to it; to a solved one reopens it; to a merged one goes to the ticket it was merged into.
 */
@ApplicationScoped
public class TicketService {

    public record TicketWithMessages(Ticket ticket, List<TicketMessage> messages) {
    }

    /** An inquiry as read from a topic: the CloudEvent id it came under, and the topic. */
    public record InquiryEvent(UUID eventId, String topic, InquiryReceived inquiry) {
    }

    private static final Pattern TICKET_TOKEN = Pattern.compile("\\[#T-(\\d{1,18})]");
    /** A reply address such as support+T-1234@example.com. */
    private static final Pattern REPLY_ADDRESS_TOKEN = Pattern.compile("\\+T-(\\d{1,18})@", Pattern.CASE_INSENSITIVE);

    private final TicketRepository tickets;
    private final TicketMessageRepository messages;
    private final ProcessedEvents processed;
    private final ContactService contacts;
    private final TicketOutbox outbox;
    private final OutboxRelay relay;

    public TicketService(TicketRepository tickets, TicketMessageRepository messages, ProcessedEvents processed,
            ContactService contacts, TicketOutbox outbox, OutboxRelay relay) {
        this.tickets = tickets;
        this.messages = messages;
        this.processed = processed;
        this.contacts = contacts;
        this.outbox = outbox;
        this.relay = relay;
    }

    /**
     * Creates tickets or adds follow-ups, in order, in one transaction: one commit for the batch. A
     * redelivered event or a re-sent inquiry changes nothing; a later inquiry sees the tickets an
     * earlier one of the same batch created (the session flushes before each lookup).
     */
    public Uni<Void> applyInquiries(List<InquiryEvent> batch) {
        return Panache.withTransaction(() -> Multi.createFrom().iterable(batch)
                        .onItem().transformToUniAndConcatenate(event -> apply(event).chain(TicketService::flushAndForget))
                        .collect().last())
                .replaceWithVoid()
                .invoke(relay::wakeUp);
    }

    /**
     * Writes what one inquiry changed and empties the session, so that each lookup of a large batch
     * neither re-checks every entity loaded so far for changes nor misses what came before it.
     */
    private static Uni<Void> flushAndForget() {
        return Panache.getSession().chain(session -> session.flush().invoke(session::clear));
    }

    private Uni<Void> apply(InquiryEvent event) {
        InquiryReceived inquiry = event.inquiry();
        return processed.markProcessed(event.eventId(), event.topic())
                .chain(fresh -> fresh ? messages.existsForInquiry(inquiry.inquiryId()) : Uni.createFrom().item(true))
                .chain(seen -> seen ? Uni.createFrom().voidItem()
                        : contacts.resolve(inquiry).chain(contactId -> thread(inquiry, contactId)));
    }

    private Uni<Void> thread(InquiryReceived inquiry, long contactId) {
        return byTicketToken(inquiry, contactId)
                .chain(t -> t != null ? Uni.createFrom().item(t) : byEmailReferences(inquiry, contactId))
                .chain(t -> t != null ? Uni.createFrom().item(t) : tickets.findLatestInConversation(inquiry.conversationKey(), contactId))
                .chain(t -> followMerges(t, 0))
                .chain(target -> {
                    if (target == null) {
                        return create(inquiry, contactId, null);
                    }
                    if (target.lifecycle() == TicketStatus.CLOSED) {
                        return create(inquiry, contactId, target.id);
                    }
                    return append(target, inquiry);
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
        List<String> ids = new ArrayList<>();
        if (refs.inReplyTo() != null) {
            ids.add(refs.inReplyTo());
        }
        if (refs.references() != null) {
            ids.addAll(refs.references());
        }
        return messages.findTicketByExternalIds(ids)
                .chain(ticketId -> ticketId == null ? Uni.createFrom().nullItem() : tickets.findById(ticketId))
                .map(t -> sameContact(t, contactId));
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

    private Uni<Void> create(InquiryReceived inquiry, long contactId, Long followUpOf) {
        Instant now = Instant.now();
        Ticket ticket = new Ticket();
        ticket.conversationKey = inquiry.conversationKey();
        ticket.status = TicketStatus.NEW.value();
        ticket.priority = Ticket.PRIORITY_NORMAL;
        ticket.channel = inquiry.channel();
        ticket.subject = inquiry.subject();
        ticket.contactId = contactId;
        ticket.followUpOf = followUpOf;
        if (inquiry.requester() != null) {
            ticket.requesterId = inquiry.requester().channelUserId();
            ticket.requesterEmail = inquiry.requester().email();
            ticket.requesterName = inquiry.requester().displayName();
        }
        ticket.createdAt = now;
        ticket.updatedAt = now;
        return tickets.persist(ticket)
                .chain(() -> messages.persist(requesterMessage(ticket, inquiry, now)))
                .chain(message -> outbox.publish(ticket.id, TicketEvents.CREATED, now, new TicketEvents.Created(
                        ticket.id, ticket.conversationKey, ticket.status, ticket.priority, ticket.channel, ticket.subject,
                        new TicketEvents.Requester(ticket.requesterId, ticket.requesterEmail, ticket.requesterName),
                        contactId, followUpOf, now, inquiry.receivedAt(), TicketMessages.toEvent(message))));
    }

    private Uni<Void> append(Ticket ticket, InquiryReceived inquiry) {
        Instant now = Instant.now();
        TicketStatus before = ticket.lifecycle();
        TicketStatus after = before.afterRequesterReply();
        ticket.updatedAt = now;
        Uni<Void> statusChange = Uni.createFrom().voidItem();
        if (after != before) {
            boolean reopened = before == TicketStatus.SOLVED;
            ticket.status = after.value();
            if (reopened) {
                ticket.reopens++;
                ticket.solvedAt = null;
            }
            statusChange = outbox.publish(ticket.id, TicketEvents.STATUS_CHANGED, now, new TicketEvents.StatusChanged(
                    ticket.id, before.value(), after.value(), "requester", reopened, null, now));
        }
        Uni<Void> announced = statusChange;
        return messages.persist(requesterMessage(ticket, inquiry, now))
                .chain(message -> outbox.publish(ticket.id, TicketEvents.MESSAGE_ADDED, now,
                        new TicketEvents.MessageAdded(ticket.id, inquiry.receivedAt(), TicketMessages.toEvent(message))))
                .chain(() -> announced);
    }

    public Uni<TicketWithMessages> find(long id) {
        return Panache.withSession(() -> tickets.findById(id)
                .chain(ticket -> ticket == null ? Uni.createFrom().nullItem()
                        : messages.listByTicket(id).map(list -> new TicketWithMessages(ticket, list))));
    }

    private static TicketMessage requesterMessage(Ticket ticket, InquiryReceived inquiry, Instant now) {
        TicketMessage message = new TicketMessage();
        message.ticketId = ticket.id;
        message.inquiryId = inquiry.inquiryId();
        message.authorType = TicketMessage.AUTHOR_REQUESTER;
        message.authorId = inquiry.requester() == null ? null
                : inquiry.requester().channelUserId() != null ? inquiry.requester().channelUserId() : inquiry.requester().email();
        message.visibility = TicketMessage.VISIBILITY_PUBLIC;
        message.channel = inquiry.channel();
        message.body = inquiry.body();
        message.externalId = inquiry.threadRefs() != null && inquiry.threadRefs().messageId() != null
                ? inquiry.threadRefs().messageId() : inquiry.channelMessageId();
        message.createdAt = now;
        return message;
    }
}
