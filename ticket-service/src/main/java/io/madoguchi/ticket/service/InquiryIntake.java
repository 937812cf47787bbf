package io.madoguchi.ticket.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.madoguchi.chassis.outbox.Outbox;
import io.madoguchi.chassis.outbox.OutboxEvent;
import io.madoguchi.chassis.tracing.LogIds;
import io.madoguchi.chassis.tracing.MessagingSpans;
import io.madoguchi.ticket.domain.Contact;
import io.madoguchi.ticket.domain.Ticket;
import io.madoguchi.ticket.domain.TicketMessage;
import io.madoguchi.ticket.domain.TicketStatus;
import io.madoguchi.ticket.events.InquiryReceived;
import io.madoguchi.ticket.events.TicketEvents;
import io.madoguchi.ticket.repository.IntakeBatchRepository;
import io.madoguchi.ticket.repository.IntakeBatchRepository.Conversation;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Turns a batch of inquiries into tickets in one transaction, set-based: what the batch needs is read in a few
 * statements, each inquiry is decided in memory in the batch's order (a new ticket, or a message on the ticket
 * {@link InquiryThreading} chose, which a requester's message sets back to open when it was pending, on hold or
 * solved), and what the batch decided is written with one statement per table, the outbox rows announcing it
 * included. An inquiry that already has a message (a redelivery, a re-sent inquiry) changes nothing: the message's
 * unique inquiry id is the idempotency mark. A correction shows its text in place of the message's.
 */
@ApplicationScoped
public class InquiryIntake {

    /** An inquiry as read from a topic: the CloudEvent id it came under, and the topic. */
    public record InquiryEvent(UUID eventId, String topic, InquiryReceived inquiry) {

        boolean isCorrection() {
            return inquiry.correctedAt() != null;
        }
    }

    private interface Step {
        InquiryEvent event();
    }

    private record Created(InquiryEvent event, Ticket ticket, TicketMessage message) implements Step {
    }

    private record Appended(InquiryEvent event, Ticket ticket, TicketMessage message, TicketStatus before, boolean reopened)
            implements Step {
    }

    private record Correction(InquiryEvent event) implements Step {
    }

    /** What one batch decided, to be written. */
    private static final class Decisions {
        final List<Step> steps = new ArrayList<>();
        final List<Ticket> newTickets = new ArrayList<>();
        final Set<Ticket> changedTickets = Collections.newSetFromMap(new IdentityHashMap<>());
        final List<TicketMessage> newMessages = new ArrayList<>();
        final Set<TicketMessage> correctedMessages = new LinkedHashSet<>();
        final List<OutboxEvent> outbox = new ArrayList<>();
    }

    private final Pool pool;
    private final IntakeBatchRepository store;
    private final TicketOutbox events;
    private final Outbox outbox;

    public InquiryIntake(Pool pool, IntakeBatchRepository store, TicketOutbox events, Outbox outbox) {
        this.pool = pool;
        this.store = store;
        this.events = events;
        this.outbox = outbox;
    }

    /** Applies the batch, in order, in one transaction. */
    public Uni<Void> applyInquiries(List<InquiryEvent> batch) {
        io.opentelemetry.context.Context batchTrace = io.opentelemetry.context.Context.current();
        return pool.withTransaction(c -> apply(c, batch, batchTrace));
    }

    private Uni<Void> apply(SqlConnection c, List<InquiryEvent> batch, io.opentelemetry.context.Context batchTrace) {
        List<InquiryEvent> received = batch.stream().filter(e -> !e.isCorrection()).toList();
        return store.inquiriesWithMessages(c, received.stream().map(e -> e.inquiry().inquiryId()).toList()).chain(stored -> {
            Set<UUID> seen = new HashSet<>(stored);
            Set<InquiryEvent> fresh = Collections.newSetFromMap(new IdentityHashMap<>());
            received.stream().filter(e -> seen.add(e.inquiry().inquiryId())).forEach(fresh::add);
            List<InquiryReceived> inquiries = batch.stream().filter(fresh::contains).map(InquiryEvent::inquiry).toList();
            return store.identities(c, BatchContacts.claimedBy(inquiries)).chain(identities -> {
                BatchContacts contacts = new BatchContacts(identities);
                Map<InquiryEvent, Contact> contactOf = new IdentityHashMap<>();
                List<Contact> inOrder = new ArrayList<>();
                batch.stream().filter(fresh::contains).forEach(e -> {
                    Contact contact = contacts.resolve(e.inquiry());
                    contactOf.put(e, contact);
                    inOrder.add(contact);
                });
                return store.contactIds(c, contacts.created().size()).invoke(contacts::assignIds)
                        .chain(() -> threading(c, inquiries, inOrder))
                        .map(threading -> decide(batch, fresh, contactOf, threading))
                        .chain(decisions -> assignIds(c, decisions))
                        .chain(decisions -> store.messagesOfInquiries(c, correctedInquiries(batch))
                                .map(correctable -> announce(decisions, correctable)))
                        .chain(decisions -> {
                            MessagingSpans.attachStatements(batch, batchTrace);
                            return write(c, contacts, decisions);
                        });
            });
        });
    }

    /** Reads the tickets the inquiries may join: named by token, holding a referenced message, newest of a conversation. */
    private Uni<InquiryThreading> threading(SqlConnection c, List<InquiryReceived> inquiries, List<Contact> contacts) {
        Map<Long, Ticket> tickets = new HashMap<>();
        Set<Conversation> conversations = new LinkedHashSet<>();
        for (int i = 0; i < inquiries.size(); i++) {
            conversations.add(new Conversation(inquiries.get(i).conversationKey(), contacts.get(i).id));
        }
        return store.tickets(c, InquiryThreading.tokensIn(inquiries)).invoke(tickets::putAll)
                .chain(() -> store.newestByExternalId(c, InquiryThreading.referencesIn(inquiries), tickets))
                .chain(messages -> store.latestInConversations(c, conversations).chain(latest -> {
                    latest.values().forEach(t -> tickets.putIfAbsent(t.id, t));
                    return withMergeTargets(c, tickets, 0).map(all -> new InquiryThreading(all, messages, latest));
                }));
    }

    /** Adds the tickets that tickets read were merged into, hop by hop. */
    private Uni<Map<Long, Ticket>> withMergeTargets(SqlConnection c, Map<Long, Ticket> tickets, int hops) {
        Set<Long> missing = new HashSet<>();
        tickets.values().stream().filter(t -> t.mergedInto != null && !tickets.containsKey(t.mergedInto)).forEach(t -> missing.add(t.mergedInto));
        if (missing.isEmpty() || hops > 10) {
            return Uni.createFrom().item(tickets);
        }
        return store.tickets(c, missing).chain(more -> {
            tickets.putAll(more);
            return withMergeTargets(c, tickets, hops + 1);
        });
    }

    private Decisions decide(List<InquiryEvent> batch, Set<InquiryEvent> fresh, Map<InquiryEvent, Contact> contactOf,
            InquiryThreading threading) {
        Decisions d = new Decisions();
        Set<Ticket> created = Collections.newSetFromMap(new IdentityHashMap<>());
        Instant now = Instant.now();
        for (InquiryEvent event : batch) {
            if (event.isCorrection()) {
                d.steps.add(new Correction(event));
                continue;
            }
            if (!fresh.contains(event)) {
                continue;
            }
            InquiryReceived inquiry = event.inquiry();
            long contactId = contactOf.get(event).id;
            InquiryThreading.Placement placement = threading.place(inquiry, contactId);
            TicketMessage message = requesterMessage(inquiry, now);
            d.newMessages.add(message);
            if (placement.ticket() == null) {
                Ticket ticket = newTicket(inquiry, contactId, placement.followUpOf(), now);
                d.newTickets.add(ticket);
                created.add(ticket);
                threading.created(ticket, message.externalId);
                d.steps.add(new Created(event, ticket, message));
                continue;
            }
            Ticket ticket = placement.ticket();
            TicketStatus before = ticket.lifecycle();
            TicketStatus after = before.afterRequesterReply();
            boolean reopened = after != before && before == TicketStatus.SOLVED;
            ticket.updatedAt = now;
            if (after != before) {
                ticket.status = after.value();
                if (reopened) {
                    ticket.reopens++;
                    ticket.solvedAt = null;
                }
            }
            if (!created.contains(ticket)) {
                d.changedTickets.add(ticket);
            }
            threading.appended(ticket, message.externalId);
            d.steps.add(new Appended(event, ticket, message, before, reopened));
        }
        return d;
    }

    private Uni<Decisions> assignIds(SqlConnection c, Decisions d) {
        return store.ticketIds(c, d.newTickets.size()).chain(ticketIds -> store.messageIds(c, d.newMessages.size()).map(messageIds -> {
            for (int i = 0; i < ticketIds.size(); i++) {
                d.newTickets.get(i).id = ticketIds.get(i);
            }
            for (int i = 0; i < messageIds.size(); i++) {
                d.newMessages.get(i).id = messageIds.get(i);
            }
            return d;
        }));
    }

    private static List<UUID> correctedInquiries(List<InquiryEvent> batch) {
        return batch.stream().filter(InquiryEvent::isCorrection).map(e -> e.inquiry().inquiryId()).distinct().toList();
    }

    /** The outbox rows, in the batch's order, each under the span of the record that caused it. */
    private Decisions announce(Decisions d, Map<UUID, TicketMessage> correctable) {
        Map<UUID, TicketMessage> messages = new HashMap<>(correctable);
        for (Step step : d.steps) {
            MessagingSpans.attachRecord(step.event());
            InquiryReceived inquiry = step.event().inquiry();
            LogIds.inquiry(inquiry.inquiryId());
            if (step instanceof Created s) {
                Ticket t = s.ticket();
                s.message().ticketId = t.id;
                messages.put(inquiry.inquiryId(), s.message());
                d.outbox.add(events.event(t.id, TicketEvents.CREATED, t.createdAt, new TicketEvents.Created(t.id, t.conversationKey,
                        t.status, t.priority, t.channel, t.subject, new TicketEvents.Requester(t.requesterId, t.requesterEmail,
                        t.requesterName), t.contactId, t.followUpOf, t.createdAt, inquiry.receivedAt(), TicketMessages.toEvent(s.message()))));
            } else if (step instanceof Appended s) {
                Ticket t = s.ticket();
                s.message().ticketId = t.id;
                messages.put(inquiry.inquiryId(), s.message());
                Instant at = s.message().createdAt;
                d.outbox.add(events.event(t.id, TicketEvents.MESSAGE_ADDED, at,
                        new TicketEvents.MessageAdded(t.id, t.queue, inquiry.receivedAt(), TicketMessages.toEvent(s.message()))));
                TicketStatus after = s.before().afterRequesterReply();
                if (after != s.before()) {
                    d.outbox.add(events.event(t.id, TicketEvents.STATUS_CHANGED, at, new TicketEvents.StatusChanged(
                            t.id, s.before().value(), after.value(), "requester", s.reopened(), at)));
                }
            } else {
                correct(d, messages.get(inquiry.inquiryId()), inquiry, correctable);
            }
        }
        return d;
    }

    /**
     * Shows the corrected text in place of the message's, marked as edited. A correction older than the one shown
     * (read late) changes nothing; one for an inquiry that never became a message (a chatbot deflection) neither.
     */
    private void correct(Decisions d, TicketMessage message, InquiryReceived corrected, Map<UUID, TicketMessage> stored) {
        if (message == null || corrected.revision() <= message.revision) {
            return;
        }
        message.revision = corrected.revision();
        message.body = corrected.body();
        message.editedAt = corrected.correctedAt();
        if (stored.get(message.inquiryId) == message) {
            d.correctedMessages.add(message);
        }
        d.outbox.add(events.event(message.ticketId, TicketEvents.MESSAGE_EDITED, Instant.now(), new TicketEvents.MessageEdited(
                message.ticketId, message.id, message.inquiryId, message.revision, message.body, message.editedAt)));
    }

    private Uni<Void> write(SqlConnection c, BatchContacts contacts, Decisions d) {
        return store.insertContacts(c, contacts.created())
                .chain(() -> store.insertIdentities(c, contacts.addedIdentities()))
                .chain(() -> store.verifyIdentities(c, contacts.verifiedIdentities()))
                .chain(() -> store.insertTickets(c, d.newTickets))
                .chain(() -> store.updateTickets(c, d.changedTickets))
                .chain(() -> store.insertMessages(c, d.newMessages))
                .chain(() -> store.correctMessages(c, d.correctedMessages))
                .chain(() -> outbox.write(c, d.outbox));
    }

    private static Ticket newTicket(InquiryReceived inquiry, long contactId, Long followUpOf, Instant now) {
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
        return ticket;
    }

    private static TicketMessage requesterMessage(InquiryReceived inquiry, Instant now) {
        TicketMessage message = new TicketMessage();
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
