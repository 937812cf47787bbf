package io.madoguchi.ingest.service.delivery;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.madoguchi.chassis.consumer.InOneTransaction;
import io.madoguchi.chassis.consumer.ProcessedEvents;
import io.madoguchi.chassis.ids.TimeOrderedUuids;
import io.madoguchi.chassis.outbox.Outbox;
import io.madoguchi.chassis.tracing.Traces;
import io.madoguchi.ingest.domain.Delivery;
import io.madoguchi.ingest.domain.DeliveryTicket;
import io.madoguchi.ingest.events.DeliveryEvents;
import io.madoguchi.ingest.events.TicketEvents;
import io.madoguchi.ingest.service.privacy.ContactErasure;
import io.madoguchi.ingest.repository.DeliveryRepository;
import io.madoguchi.ingest.repository.DeliveryTicketRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Turns ticket events into deliveries, in the consumer's transaction with each event's idempotency mark: a created
 * ticket is remembered with how to reach its requester (and acknowledged, where its channel is configured for it), a
 * requester's message moves what a reply answers, and a public agent reply or a survey request becomes a pending
 * delivery in the requester's language and on their channel ({@link DeliveryAddresses}). A reply or survey that
 * cannot be delivered is recorded as failed at once with the reason, so that it never looks sent; an
 * acknowledgement that cannot is not made. An erased contact's inquiries and deliveries are erased here too, in order
 * with the ticket's other events ({@link ContactErasure}). The {@link DeliveryWorker} is woken after the commit. A batch
 * of events that only change what is remembered of tickets, the usual one, is applied set-based by {@link RememberedTickets}.
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
    private final InquiryLanguage languages;
    private final MessageTemplates templates;
    private final Set<String> acknowledgedChannels;
    private final DeliveryWorker worker;
    private final Outbox outbox;
    private final ContactErasure erasure;
    private final RememberedTickets remembered;

    public DeliveryPlanner(ProcessedEvents processed, DeliveryTicketRepository tickets, DeliveryRepository deliveries,
            DeliveryAddresses addresses, EmailThreading threading, EmailComposer email, InquiryLanguage languages,
            MessageTemplates templates,
            @ConfigProperty(name = "madoguchi.delivery.acknowledgement.channels") Optional<Set<String>> acknowledgedChannels,
            DeliveryWorker worker, Outbox outbox, ContactErasure erasure, RememberedTickets remembered) {
        this.processed = processed;
        this.tickets = tickets;
        this.deliveries = deliveries;
        this.addresses = addresses;
        this.threading = threading;
        this.email = email;
        this.languages = languages;
        this.templates = templates;
        this.acknowledgedChannels = acknowledgedChannels.orElse(Set.of());
        this.worker = worker;
        this.outbox = outbox;
        this.erasure = erasure;
        this.remembered = remembered;
    }

    public Uni<Void> apply(List<TicketEvent> events) {
        if (events.stream().allMatch(event -> RememberedTickets.onlyRemembers(event, acknowledgedChannels))) {
            return remembered.apply(events);
        }
        return InOneTransaction.each(events, event -> processed.markProcessed(event.id(), event.topic())
                        .chain(fresh -> fresh ? plan(event) : Uni.createFrom().voidItem()))
                .invoke(worker::wakeUp);
    }

    private Uni<Void> plan(TicketEvent event) {
        if (event.data() instanceof TicketEvents.Created created) {
            return created(event.id(), created);
        }
        if (event.data() instanceof TicketEvents.MessageAdded added) {
            return messageAdded(event.id(), added);
        }
        if (event.data() instanceof TicketEvents.SurveyRequested survey) {
            return surveyRequested(event.id(), survey);
        }
        if (event.data() instanceof TicketEvents.ContactErased erased) {
            return erasure.erase(erased);
        }
        return retry(event.id(), (TicketEvents.DeliveryRetryRequested) event.data());
    }

    private Uni<Void> created(UUID eventId, TicketEvents.Created created) {
        return tickets.findById(created.ticketId()).chain(known -> {
            if (known != null) {
                // known from a survey request read first (another topic): the created event still tells what mail to answer
                if (known.lastInquiryId == null && created.message() != null) {
                    known.lastInquiryId = created.message().inquiryId();
                }
                return Uni.createFrom().voidItem();
            }
            DeliveryTicket ticket = ticket(created.ticketId(), created.channel(), created.conversationKey(), created.subject(),
                    created.requester());
            ticket.lastInquiryId = created.message() == null ? null : created.message().inquiryId();
            return tickets.persist(ticket).chain(() -> acknowledge(eventId, ticket));
        });
    }

    /** The acknowledgement of a ticket made from a customer's inquiry, where its channel is configured for one. */
    private Uni<Void> acknowledge(UUID eventId, DeliveryTicket ticket) {
        if (!acknowledgedChannels.contains(ticket.channel) || ticket.lastInquiryId == null) {
            return Uni.createFrom().voidItem();
        }
        DeliveryAddresses.Address address = addresses.of(ticket);
        if (!address.reachable()) {
            LOG.debugf("Ticket %d is not acknowledged: %s", ticket.ticketId, address.unreachable());
            return Uni.createFrom().voidItem();
        }
        return languages.of(ticket.lastInquiryId).chain(language -> {
            MessageTemplates.Text text = MessageTemplates.in(templates.acknowledgement(), language, templates.defaultLanguage())
                    .with(placeholders(ticket, Map.of()));
            return plan(delivery(eventId, ticket, Delivery.Kind.ACKNOWLEDGEMENT, null, text.subject(), text.body(), address), ticket);
        });
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
            rememberQueue(ticket, added.queue());
            return plan(delivery(eventId, ticket, Delivery.Kind.REPLY, message.messageId(), email.replySubject(ticket.subject, ticket.ticketId),
                    message.body() == null ? "" : message.body(), addresses.of(ticket)), ticket);
        });
    }

    private Uni<Void> surveyRequested(UUID eventId, TicketEvents.SurveyRequested survey) {
        return tickets.findById(survey.ticketId()).chain(known -> {
            if (known != null) {
                return Uni.createFrom().item(known);
            }
            // the request was read before the ticket's created event (another topic): it carries what is needed
            DeliveryTicket ticket = ticket(survey.ticketId(), survey.channel(), survey.conversationKey(), survey.subject(), survey.requester());
            return tickets.persist(ticket);
        }).invoke(ticket -> rememberQueue(ticket, survey.queue())).chain(ticket -> languages.of(ticket.lastInquiryId).chain(language -> {
            // the survey page speaks the language of the message that links to it
            String shown = templates.survey().containsKey(language) ? language : templates.defaultLanguage();
            MessageTemplates.Text text = MessageTemplates.in(templates.survey(), language, templates.defaultLanguage())
                    .with(placeholders(ticket, Map.of("page", inLanguage(survey.links().page(), shown),
                            "good", inLanguage(survey.links().good(), shown), "bad", inLanguage(survey.links().bad(), shown))));
            return plan(delivery(eventId, ticket, Delivery.Kind.SURVEY, null, text.subject(), text.body(), addresses.of(ticket)), ticket);
        }));
    }

    /**
     * The queue a reply or survey names is the ticket's now; one from a ticket-service that did not name it yet is
     * served by the queue remembered before.
     */
    private static void rememberQueue(DeliveryTicket ticket, String queue) {
        if (queue != null) {
            ticket.queue = queue;
        }
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

    /** A delivery that can be sent becomes pending, in the customer's mail thread; one that cannot is failed at once. */
    private Uni<Void> plan(Delivery delivery, DeliveryTicket ticket) {
        if (delivery.lastError != null) {
            return undelivered(delivery);
        }
        Uni<EmailThreading.Thread> thread = delivery.channel.equals("email") ? threading.of(ticket)
                : Uni.createFrom().item(EmailThreading.Thread.NONE);
        delivery.sender = delivery.channel.equals("email") ? email.senderFor(ticket.queue) : null;
        return thread.chain(found -> {
            delivery.inReplyTo = found.inReplyTo();
            delivery.threadReferences = found.references();
            return deliveries.persist(delivery);
        }).replaceWithVoid();
    }

    private Uni<Void> undelivered(Delivery delivery) {
        delivery.status = Delivery.Status.FAILED;
        delivery.finishedAt = Instant.now();
        String key = Long.toString(delivery.ticketId);
        return deliveries.persist(delivery).chain(() -> outbox.add(outbox.event(DeliveryEvents.TOPIC, key, DeliveryEvents.FAILED,
                DeliveryEvents.SOURCE, key, delivery.finishedAt, new DeliveryEvents.Failed(delivery.id, delivery.ticketId,
                        delivery.messageId, delivery.kind.label(), delivery.channel, delivery.recipient, 0, delivery.lastError, true,
                        delivery.causationId, delivery.finishedAt))));
    }

    static DeliveryTicket ticket(long ticketId, String channel, String conversationKey, String subject,
            TicketEvents.Requester requester) {
        DeliveryTicket ticket = new DeliveryTicket();
        ticket.ticketId = ticketId;
        ticket.channel = channel;
        ticket.conversationKey = conversationKey;
        ticket.subject = subject;
        if (requester != null) {
            ticket.requesterEmail = requester.email();
            ticket.requesterUserId = requester.channelUserId();
            ticket.requesterName = requester.displayName();
        }
        return ticket;
    }

    private static String inLanguage(String link, String language) {
        return link + (link.contains("?") ? "&" : "?") + "lang=" + language;
    }

    private static Map<String, String> placeholders(DeliveryTicket ticket, Map<String, String> more) {
        Map<String, String> values = new HashMap<>(more);
        values.put("ticket", "T-" + ticket.ticketId);
        values.put("subject", ticket.subject == null || ticket.subject.isBlank() ? "" : ticket.subject.strip());
        values.put("name", ticket.requesterName == null ? "" : ticket.requesterName);
        return values;
    }

    /** @param address where it goes; an unreachable address's reason becomes the delivery's error */
    private static Delivery delivery(UUID eventId, DeliveryTicket ticket, Delivery.Kind kind, Long messageId, String subject, String body,
            DeliveryAddresses.Address address) {
        Delivery delivery = new Delivery();
        delivery.id = TimeOrderedUuids.next();
        delivery.causationId = eventId;
        delivery.ticketId = ticket.ticketId;
        delivery.messageId = messageId;
        delivery.kind = kind;
        delivery.channel = address.channel();
        delivery.recipient = address.recipient();
        delivery.lastError = address.unreachable();
        delivery.subject = subject;
        delivery.body = body;
        delivery.status = Delivery.Status.PENDING;
        delivery.nextAttemptAt = Instant.now();
        delivery.createdAt = Instant.now();
        delivery.traceparent = Traces.currentTraceparent();
        return delivery;
    }
}
