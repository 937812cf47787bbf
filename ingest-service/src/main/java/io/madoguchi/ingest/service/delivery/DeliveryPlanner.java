package io.madoguchi.ingest.service.delivery;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jboss.logging.Logger;

import io.madoguchi.chassis.consumer.InOneTransaction;
import io.madoguchi.chassis.consumer.ProcessedEvents;
import io.madoguchi.chassis.outbox.Outbox;
import io.madoguchi.ingest.domain.Delivery;
import io.madoguchi.ingest.domain.DeliveryTicket;
import io.madoguchi.ingest.events.DeliveryEvents;
import io.madoguchi.ingest.events.TicketEvents;
import io.madoguchi.ingest.repository.DeliveryRepository;
import io.madoguchi.ingest.repository.DeliveryTicketRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Turns ticket events into deliveries, in the consumer's transaction with each event's idempotency mark: a created
 * ticket is remembered with how to reach its requester, a requester's message moves what a reply answers, and a public
 * agent reply becomes a pending delivery to the requester. A reply that cannot be delivered (no sender for its channel,
 * no address) is recorded as failed at once with the reason, so that it never looks sent. The {@link DeliveryWorker}
 * is woken after the commit.
 */
@ApplicationScoped
public class DeliveryPlanner {

    private static final Logger LOG = Logger.getLogger(DeliveryPlanner.class);

    /** A ticket event read from its record; {@code data} is one of the records of {@link TicketEvents}. */
    public record TicketEvent(UUID id, String topic, Object data) {
    }

    private final ProcessedEvents processed;
    private final DeliveryTicketRepository tickets;
    private final DeliveryRepository deliveries;
    private final DeliveryAddresses addresses;
    private final EmailThreading threading;
    private final EmailComposer email;
    private final DeliveryWorker worker;
    private final Outbox outbox;

    public DeliveryPlanner(ProcessedEvents processed, DeliveryTicketRepository tickets, DeliveryRepository deliveries,
            DeliveryAddresses addresses, EmailThreading threading, EmailComposer email, DeliveryWorker worker, Outbox outbox) {
        this.processed = processed;
        this.tickets = tickets;
        this.deliveries = deliveries;
        this.addresses = addresses;
        this.threading = threading;
        this.email = email;
        this.worker = worker;
        this.outbox = outbox;
    }

    public Uni<Void> apply(List<TicketEvent> events) {
        return InOneTransaction.each(events, event -> processed.markProcessed(event.id(), event.topic())
                        .chain(fresh -> fresh ? plan(event) : Uni.createFrom().voidItem()))
                .invoke(worker::wakeUp);
    }

    private Uni<Void> plan(TicketEvent event) {
        if (event.data() instanceof TicketEvents.Created created) {
            return remember(created);
        }
        if (event.data() instanceof TicketEvents.MessageAdded added) {
            return messageAdded(event.id(), added);
        }
        return retry(event.id(), (TicketEvents.DeliveryRetryRequested) event.data());
    }

    /** A failed delivery of the ticket becomes pending again, with all its attempts; any other is left as it is. */
    private Uni<Void> retry(UUID eventId, TicketEvents.DeliveryRetryRequested retry) {
        return Panache.getSession().chain(session -> session
                        .createNativeQuery("UPDATE delivery SET status = 'PENDING', attempts = 0, next_attempt_at = now(), last_error = NULL,"
                                + " finished_at = NULL, causation_id = ?1 WHERE id = ?2 AND ticket_id = ?3 AND status = 'FAILED'")
                        .setParameter(1, eventId)
                        .setParameter(2, retry.deliveryId())
                        .setParameter(3, retry.ticketId())
                        .executeUpdate())
                .invoke(updated -> {
                    if (updated == 0) {
                        LOG.infof("Retry of delivery %s of ticket %d asked by %s: no failed delivery of that ticket by that id; nothing to do",
                                retry.deliveryId(), retry.ticketId(), retry.requestedBy());
                    }
                })
                .replaceWithVoid();
    }

    private Uni<Void> remember(TicketEvents.Created created) {
        DeliveryTicket ticket = new DeliveryTicket();
        ticket.ticketId = created.ticketId();
        ticket.channel = created.channel();
        ticket.conversationKey = created.conversationKey();
        ticket.subject = created.subject();
        if (created.requester() != null) {
            ticket.requesterEmail = created.requester().email();
            ticket.requesterUserId = created.requester().channelUserId();
            ticket.requesterName = created.requester().displayName();
        }
        ticket.lastInquiryId = created.message() == null ? null : created.message().inquiryId();
        return tickets.findById(created.ticketId())
                .chain(known -> known != null ? Uni.createFrom().voidItem() : tickets.persist(ticket).replaceWithVoid());
    }

    private Uni<Void> messageAdded(UUID eventId, TicketEvents.MessageAdded added) {
        TicketEvents.Message message = added.message();
        return tickets.findById(added.ticketId()).chain(ticket -> {
            if (ticket == null) {
                LOG.warnf("Ticket %d is unknown to outbound delivery (no created event seen); message %d is not delivered",
                        added.ticketId(), message.messageId());
                return Uni.createFrom().voidItem();
            }
            if ("requester".equals(message.authorType()) && message.inquiryId() != null) {
                ticket.lastInquiryId = message.inquiryId();
                return Uni.createFrom().voidItem();
            }
            if (!message.isPublicAgentReply()) {
                return Uni.createFrom().voidItem();
            }
            DeliveryAddresses.Address address = addresses.of(ticket);
            if (!address.reachable()) {
                return undelivered(eventId, ticket.ticketId, reply(eventId, ticket, message, address));
            }
            Uni<EmailThreading.Thread> thread = address.channel().equals("email") ? threading.of(ticket)
                    : Uni.createFrom().item(EmailThreading.Thread.NONE);
            return thread.chain(found -> deliveries.persist(threaded(reply(eventId, ticket, message, address), found))).replaceWithVoid();
        });
    }

    /** A delivery that cannot be sent is recorded as failed at once, with why, so that the agent sees it was not sent. */
    private Uni<Void> undelivered(UUID eventId, long ticketId, Delivery delivery) {
        delivery.status = Delivery.Status.FAILED;
        delivery.finishedAt = Instant.now();
        return deliveries.persist(delivery).chain(() -> outbox.add(outbox.event(DeliveryEvents.TOPIC, Long.toString(ticketId),
                DeliveryEvents.FAILED, DeliveryEvents.SOURCE, Long.toString(ticketId), delivery.finishedAt,
                new DeliveryEvents.Failed(delivery.id, ticketId, delivery.messageId, delivery.kind.label(), delivery.channel,
                        delivery.recipient, 0, delivery.lastError, true, eventId, delivery.finishedAt))));
    }

    private static Delivery threaded(Delivery delivery, EmailThreading.Thread thread) {
        delivery.inReplyTo = thread.inReplyTo();
        delivery.threadReferences = thread.references();
        return delivery;
    }

    private Delivery reply(UUID eventId, DeliveryTicket ticket, TicketEvents.Message message, DeliveryAddresses.Address address) {
        Delivery delivery = new Delivery();
        delivery.id = UUID.randomUUID();
        delivery.causationId = eventId;
        delivery.ticketId = ticket.ticketId;
        delivery.messageId = message.messageId();
        delivery.kind = Delivery.Kind.REPLY;
        delivery.channel = address.channel();
        delivery.recipient = address.recipient();
        delivery.lastError = address.unreachable();
        delivery.subject = email.replySubject(ticket.subject, ticket.ticketId);
        delivery.body = message.body() == null ? "" : message.body();
        delivery.status = Delivery.Status.PENDING;
        delivery.nextAttemptAt = Instant.now();
        delivery.createdAt = Instant.now();
        return delivery;
    }
}
