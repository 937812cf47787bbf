package io.madoguchi.ticket.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.madoguchi.chassis.consumer.ProcessedEvents;
import io.madoguchi.ticket.domain.Ticket;
import io.madoguchi.ticket.events.EscalationReassigned;
import io.madoguchi.ticket.events.EscalationRouted;
import io.madoguchi.ticket.events.SlaBreached;
import io.madoguchi.ticket.events.SlaDue;
import io.madoguchi.ticket.events.TicketEvents;
import io.madoguchi.ticket.repository.TicketRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Applies escalation-service's decisions to tickets: routing, breach escalations and SLA breaches, each change
 * announced through the outbox. Every method runs within the caller's transaction, so that a consumer can apply a
 * batch of events in one, and tells whether it wrote outbox rows. A redelivered event (same id) changes nothing; an event for an unknown ticket is only recorded.
 */
@ApplicationScoped
public class EscalationEffects {

    private static final String ESCALATION = "escalation-service";

    private final TicketRepository tickets;
    private final ProcessedEvents processed;
    private final TicketOutbox outbox;

    public EscalationEffects(TicketRepository tickets, ProcessedEvents processed, TicketOutbox outbox) {
        this.tickets = tickets;
        this.processed = processed;
        this.outbox = outbox;
    }

    /** Records the queue (and assignee) that escalation-service chose. */
    public Uni<Boolean> route(UUID eventId, String topic, EscalationRouted routed) {
        return freshTicket(eventId, topic, routed.ticketId())
                .chain(ticket -> ticket == null ? Uni.createFrom().item(false) : assign(ticket, routed).replaceWith(true));
    }

    /** The routing rule's queue and assignee, and the priority and tags it sets, each announced as its own event. */
    private Uni<Void> assign(Ticket ticket, EscalationRouted routed) {
        Instant now = Instant.now();
        ticket.queue = routed.queue();
        ticket.assignee = routed.assignee();
        ticket.routingRule = routed.rule();
        ticket.routingVia = routed.assignedVia();
        ticket.routedAt = routed.routedAt() != null ? routed.routedAt() : now;
        ticket.updatedAt = now;
        Uni<Void> events = outbox.publish(ticket.id, TicketEvents.ASSIGNED, now,
                new TicketEvents.Assigned(ticket.id, ticket.queue, ticket.assignee, routed.rule(), null, now));
        if (routed.priority() != null && !routed.priority().equals(ticket.priority)) {
            String before = ticket.priority;
            ticket.priority = routed.priority();
            events = events.chain(() -> outbox.publish(ticket.id, TicketEvents.PRIORITY_CHANGED, now,
                    new TicketEvents.PriorityChanged(ticket.id, before, ticket.priority, ESCALATION, now)));
        }
        List<String> added = routed.tags() == null ? List.of()
                : routed.tags().stream().filter(tag -> !List.of(ticket.tags).contains(tag)).distinct().toList();
        if (!added.isEmpty()) {
            List<String> tags = new ArrayList<>(List.of(ticket.tags));
            tags.addAll(added);
            ticket.tags = tags.toArray(String[]::new);
            events = events.chain(() -> outbox.publish(ticket.id, TicketEvents.TAGS_CHANGED, now,
                    new TicketEvents.TagsChanged(ticket.id, tags, added, List.of(), ESCALATION, now)));
        }
        return events;
    }

    /** A breach escalation: another queue or person, a higher priority. */
    public Uni<Boolean> reassign(UUID eventId, String topic, EscalationReassigned reassigned) {
        return freshTicket(eventId, topic, reassigned.ticketId())
                .chain(ticket -> ticket == null ? Uni.createFrom().item(false) : reassign(ticket, reassigned));
    }

    private Uni<Boolean> reassign(Ticket ticket, EscalationReassigned reassigned) {
        Instant now = Instant.now();
        Uni<Void> events = Uni.createFrom().voidItem();
        boolean announced = false;
        if (reassigned.queue() != null || reassigned.assignee() != null) {
            if (reassigned.queue() != null) {
                ticket.queue = reassigned.queue();
            }
            ticket.assignee = reassigned.assignee();
            ticket.routingRule = "escalation:" + reassigned.reason();
            ticket.routingVia = null;
            ticket.routedAt = now;
            events = events.chain(() -> outbox.publish(ticket.id, TicketEvents.ASSIGNED, now, new TicketEvents.Assigned(
                    ticket.id, ticket.queue, ticket.assignee, "escalation:" + reassigned.reason(), null, now)));
            announced = true;
        }
        if (reassigned.priority() != null && !reassigned.priority().equals(ticket.priority)) {
            String before = ticket.priority;
            ticket.priority = reassigned.priority();
            events = events.chain(() -> outbox.publish(ticket.id, TicketEvents.PRIORITY_CHANGED, now,
                    new TicketEvents.PriorityChanged(ticket.id, before, ticket.priority, ESCALATION, now)));
            announced = true;
        }
        ticket.updatedAt = now;
        return events.replaceWith(announced);
    }

    /** An SLA breach tags the ticket so agents see it in every list, and marks its clock breached in the SLA panel. */
    public Uni<Boolean> breach(UUID eventId, String topic, SlaBreached breached) {
        return freshTicket(eventId, topic, breached.ticketId()).call(ticket -> ticket == null ? Uni.createFrom().voidItem()
                : tickets.recordSlaBreach(ticket.id, breached.metric())).chain(ticket -> {
            if (ticket == null || List.of(ticket.tags).contains(SlaBreached.TAG)) {
                return Uni.createFrom().item(false);
            }
            Instant now = Instant.now();
            List<String> tags = new ArrayList<>(List.of(ticket.tags));
            tags.add(SlaBreached.TAG);
            ticket.tags = tags.toArray(String[]::new);
            ticket.updatedAt = now;
            return outbox.publish(ticket.id, TicketEvents.TAGS_CHANGED, now, new TicketEvents.TagsChanged(
                    ticket.id, tags, List.of(SlaBreached.TAG), List.of(), ESCALATION, now)).replaceWith(true);
        });
    }

    /** Keeps the ticket's next SLA due time and its clocks; nothing is announced and the ticket's version stays. */
    public Uni<Boolean> slaDue(UUID eventId, String topic, SlaDue due) {
        return processed.markProcessed(eventId, topic).chain(fresh -> !fresh ? Uni.createFrom().item(false)
                : tickets.recordSlaDue(due.ticketId(), due.dueAt(), due.dueAt() == null ? null : due.metric(), due.clocks())
                        .replaceWith(false));
    }

    /** @return the ticket, or null when the event was processed before or the ticket is unknown */
    private Uni<Ticket> freshTicket(UUID eventId, String topic, long ticketId) {
        return processed.markProcessed(eventId, topic)
                .chain(fresh -> fresh ? tickets.findById(ticketId) : Uni.createFrom().nullItem());
    }
}
