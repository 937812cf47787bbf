package io.madoguchi.ticket.service;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.madoguchi.chassis.consumer.InOneTransaction;
import io.madoguchi.chassis.consumer.ProcessedEvents;
import io.madoguchi.chassis.tracing.LogIds;
import io.madoguchi.ticket.domain.Ticket;
import io.madoguchi.ticket.domain.TicketMessage;
import io.madoguchi.ticket.domain.TicketStatus;
import io.madoguchi.ticket.events.InquiryReceived;
import io.madoguchi.ticket.events.TicketEvents;
import io.madoguchi.ticket.repository.TicketMessageRepository;
import io.madoguchi.ticket.repository.TicketRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Turns inquiries into tickets: each opens a new ticket or becomes a message on the one {@link InquiryThreading}
 * chose, which a requester's message sets back to open when it was pending, on hold or solved (a reopen).
 * Escalation-service's decisions are {@link EscalationEffects}. Each change, the record that its event was
 * processed, and the outbox rows announcing it commit together.
 */
@ApplicationScoped
public class InquiryIntake {

    /** An inquiry as read from a topic: the CloudEvent id it came under, and the topic. */
    public record InquiryEvent(UUID eventId, String topic, InquiryReceived inquiry) {
    }

    private final TicketRepository tickets;
    private final TicketMessageRepository messages;
    private final ProcessedEvents processed;
    private final ContactService contacts;
    private final InquiryThreading threading;
    private final TicketOutbox outbox;

    public InquiryIntake(TicketRepository tickets, TicketMessageRepository messages, ProcessedEvents processed,
            ContactService contacts, InquiryThreading threading, TicketOutbox outbox) {
        this.tickets = tickets;
        this.messages = messages;
        this.processed = processed;
        this.contacts = contacts;
        this.threading = threading;
        this.outbox = outbox;
    }

    /**
     * Creates tickets or adds follow-ups, in order, in one transaction: one commit for the batch. A
     * redelivered event or a re-sent inquiry changes nothing; a later inquiry sees the tickets an
     * earlier one of the same batch created (the session flushes before each lookup).
     */
    public Uni<Void> applyInquiries(List<InquiryEvent> batch) {
        return InOneTransaction.each(batch, this::apply);
    }

    private Uni<Void> apply(InquiryEvent event) {
        InquiryReceived inquiry = event.inquiry();
        LogIds.inquiry(inquiry.inquiryId());
        if (inquiry.correctedAt() != null) {
            return processed.markProcessed(event.eventId(), event.topic())
                    .chain(fresh -> fresh ? messages.findByInquiry(inquiry.inquiryId()) : Uni.createFrom().nullItem())
                    .chain(message -> message == null ? Uni.createFrom().voidItem() : correct(message, inquiry));
        }
        return processed.markProcessed(event.eventId(), event.topic())
                .chain(fresh -> fresh ? messages.existsForInquiry(inquiry.inquiryId()) : Uni.createFrom().item(true))
                .chain(seen -> seen ? Uni.createFrom().voidItem()
                        : contacts.resolve(inquiry).chain(contactId -> record(inquiry, contactId)));
    }

    /**
     * Shows the corrected text in place of the message's, marked as edited. A correction older than the one shown
     * (read late) changes nothing; one for an inquiry that never became a message (a chatbot deflection) neither.
     */
    private Uni<Void> correct(TicketMessage message, InquiryReceived corrected) {
        if (corrected.revision() <= message.revision) {
            return Uni.createFrom().voidItem();
        }
        message.revision = corrected.revision();
        message.body = corrected.body();
        message.editedAt = corrected.correctedAt();
        return outbox.publish(message.ticketId, TicketEvents.MESSAGE_EDITED, Instant.now(), new TicketEvents.MessageEdited(
                message.ticketId, message.id, message.inquiryId, message.revision, message.body, message.editedAt));
    }

    private Uni<Void> record(InquiryReceived inquiry, long contactId) {
        return threading.place(inquiry, contactId).chain(placement -> placement.ticket() != null
                ? append(placement.ticket(), inquiry) : create(inquiry, contactId, placement.followUpOf()));
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
                    ticket.id, before.value(), after.value(), "requester", reopened, now));
        }
        Uni<Void> announced = statusChange;
        return messages.persist(requesterMessage(ticket, inquiry, now))
                .chain(message -> outbox.publish(ticket.id, TicketEvents.MESSAGE_ADDED, now,
                        new TicketEvents.MessageAdded(ticket.id, inquiry.receivedAt(), TicketMessages.toEvent(message))))
                .chain(() -> announced);
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
        message.attachments = TicketMessages.attachmentsOf(inquiry.attachments());
        message.externalId = inquiry.threadRefs() != null && inquiry.threadRefs().messageId() != null
                ? inquiry.threadRefs().messageId() : inquiry.channelMessageId();
        message.createdAt = now;
        return message;
    }
}
