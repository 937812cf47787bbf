package io.madoguchi.ticket.service;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.madoguchi.ticket.domain.Ticket;
import io.madoguchi.ticket.domain.TicketMessage;
import io.madoguchi.ticket.events.EscalationRouted;
import io.madoguchi.ticket.events.InquiryReceived;
import io.madoguchi.ticket.events.TicketEvents;
import io.madoguchi.ticket.messaging.OutboxRelay;
import io.madoguchi.ticket.repository.ProcessedEventRepository;
import io.madoguchi.ticket.repository.TicketMessageRepository;
import io.madoguchi.ticket.repository.TicketRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Turns inquiries into tickets and applies routing decisions. Each change, the record that its event
 * was processed, and the outbox rows announcing it commit together.
 */
@ApplicationScoped
public class TicketService {

    public record TicketWithMessages(Ticket ticket, List<TicketMessage> messages) {
    }

    private final TicketRepository tickets;
    private final TicketMessageRepository messages;
    private final ProcessedEventRepository processed;
    private final TicketOutbox outbox;
    private final OutboxRelay relay;

    public TicketService(TicketRepository tickets, TicketMessageRepository messages, ProcessedEventRepository processed,
            TicketOutbox outbox, OutboxRelay relay) {
        this.tickets = tickets;
        this.messages = messages;
        this.processed = processed;
        this.outbox = outbox;
        this.relay = relay;
    }

    /** Creates a ticket, or appends to the conversation's open one; a redelivered event changes nothing. */
    public Uni<Void> applyInquiry(UUID eventId, String topic, InquiryReceived inquiry) {
        return Panache.withTransaction(() -> processed.markProcessed(eventId, topic)
                        .chain(fresh -> fresh ? messages.existsForInquiry(inquiry.inquiryId()) : Uni.createFrom().item(true))
                        .chain(seen -> seen ? Uni.createFrom().voidItem() : createOrAppend(inquiry)))
                .invoke(relay::wakeUp);
    }

    private Uni<Void> createOrAppend(InquiryReceived inquiry) {
        return tickets.findOpenByConversation(inquiry.conversationKey())
                .chain(open -> open == null ? create(inquiry) : append(open, inquiry));
    }

    private Uni<Void> create(InquiryReceived inquiry) {
        Instant now = Instant.now();
        Ticket ticket = new Ticket();
        ticket.conversationKey = inquiry.conversationKey();
        ticket.status = Ticket.STATUS_NEW;
        ticket.priority = Ticket.PRIORITY_NORMAL;
        ticket.channel = inquiry.channel();
        ticket.subject = inquiry.subject();
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
                        now, inquiry.receivedAt(), toEvent(message))));
    }

    private Uni<Void> append(Ticket ticket, InquiryReceived inquiry) {
        Instant now = Instant.now();
        ticket.updatedAt = now;
        return messages.persist(requesterMessage(ticket, inquiry, now))
                .chain(message -> outbox.publish(ticket.id, TicketEvents.MESSAGE_ADDED, now,
                        new TicketEvents.MessageAdded(ticket.id, inquiry.receivedAt(), toEvent(message))));
    }

    /** Records the queue (and assignee) that escalation-service chose. */
    public Uni<Void> applyRouting(UUID eventId, String topic, EscalationRouted routed) {
        return Panache.withTransaction(() -> processed.markProcessed(eventId, topic)
                        .chain(fresh -> fresh ? tickets.findById(routed.ticketId()) : Uni.createFrom().nullItem())
                        .chain(ticket -> ticket == null ? Uni.createFrom().voidItem() : assign(ticket, routed)))
                .invoke(relay::wakeUp);
    }

    private Uni<Void> assign(Ticket ticket, EscalationRouted routed) {
        Instant now = Instant.now();
        ticket.queue = routed.queue();
        ticket.assignee = routed.assignee();
        ticket.updatedAt = now;
        return outbox.publish(ticket.id, TicketEvents.ASSIGNED, now,
                new TicketEvents.Assigned(ticket.id, ticket.queue, ticket.assignee, routed.rule(), now));
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
        message.createdAt = now;
        return message;
    }

    private static TicketEvents.Message toEvent(TicketMessage m) {
        return new TicketEvents.Message(m.id, m.inquiryId, m.authorType, m.authorId, m.visibility, m.channel, m.body, m.createdAt);
    }
}
