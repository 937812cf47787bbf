package io.madoguchi.ticket.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import io.madoguchi.chassis.consumer.ProcessedEvents;
import io.madoguchi.chassis.outbox.Outbox;
import io.madoguchi.chassis.outbox.OutboxEvent;
import io.madoguchi.chassis.tracing.MessagingSpans;
import io.madoguchi.ticket.domain.SlaClock;
import io.madoguchi.ticket.domain.Ticket;
import io.madoguchi.ticket.events.EscalationReassigned;
import io.madoguchi.ticket.events.EscalationRouted;
import io.madoguchi.ticket.events.SlaBreached;
import io.madoguchi.ticket.events.SlaDue;
import io.madoguchi.ticket.events.TicketEvents;
import io.madoguchi.ticket.repository.EscalationBatchRepository;
import io.madoguchi.ticket.repository.EscalationBatchRepository.Changed;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Applies escalation-service's decisions to tickets (routing, breach escalations, SLA breaches, SLA due times), a
 * batch in one transaction, set-based: its tickets are read in one statement, the decisions applied in memory in
 * order, and the tickets and the outbox rows announcing each change written in one statement each. A redelivered event
 * changes nothing. escalation-service publishes a ticket's events in the order of their {@code ce_sequence}, keyed by
 * the ticket, so the ticket keeps the last sequence it applied and an event at or below it is a redelivery, the relay's
 * re-sends included; an event without a sequence (a replayed dead letter, another producer) is recorded as processed
 * by its id instead, and one with a sequence is also looked up there, for what was applied before tickets kept a
 * sequence. An event for an unknown ticket changes nothing.
 */
@ApplicationScoped
public class EscalationEffects {

    private static final String ESCALATION = "escalation-service";

    /** A decision as read from {@code escalations.v1}: an {@link EscalationRouted}, {@link EscalationReassigned}, {@link SlaBreached} or {@link SlaDue}. */
    public record Decision(UUID eventId, String topic, Long sequence, long ticketId, Object data) {
    }

    private final Pool pool;
    private final ProcessedEvents processed;
    private final EscalationBatchRepository tickets;
    private final TicketOutbox events;
    private final Outbox outbox;

    public EscalationEffects(Pool pool, ProcessedEvents processed, EscalationBatchRepository tickets, TicketOutbox events, Outbox outbox) {
        this.pool = pool;
        this.processed = processed;
        this.tickets = tickets;
        this.events = events;
        this.outbox = outbox;
    }

    public Uni<Void> apply(List<Decision> batch) {
        io.opentelemetry.context.Context batchTrace = io.opentelemetry.context.Context.current();
        String topic = batch.get(0).topic();
        List<UUID> unsequenced = batch.stream().filter(d -> d.sequence() == null).map(Decision::eventId).toList();
        List<UUID> sequenced = batch.stream().filter(d -> d.sequence() != null).map(Decision::eventId).toList();
        return pool.withTransaction(c -> processed.markProcessed(c, unsequenced, topic)
                .chain(fresh -> processed.processedAmong(c, sequenced).map(before -> {
                    List<Decision> applied = new ArrayList<>();
                    batch.stream().filter(d -> d.sequence() != null ? !before.contains(d.eventId()) : fresh.remove(d.eventId()))
                            .forEach(applied::add);
                    return applied;
                }))
                .chain(applied -> tickets.tickets(c, applied.stream().map(Decision::ticketId).distinct().toList())
                            .chain(read -> {
                                List<OutboxEvent> announced = new ArrayList<>();
                                Set<Changed> changed = new LinkedHashSet<>();
                                for (Decision decision : applied) {
                                    MessagingSpans.attachRecord(decision);
                                    Changed ticket = read.get(decision.ticketId());
                                    if (ticket != null && ticket.takes(decision.sequence())) {
                                        changed.add(ticket);
                                        apply(decision.data(), ticket, announced);
                                    }
                                }
                                MessagingSpans.attachStatements(batch, batchTrace);
                                return write(c, new ArrayList<>(changed), announced);
                            })));
    }

    private Uni<Void> write(SqlConnection c, List<Changed> changed, List<OutboxEvent> announced) {
        return tickets.update(c, changed).chain(() -> outbox.write(c, announced));
    }

    private void apply(Object data, Changed ticket, List<OutboxEvent> announced) {
        if (data instanceof EscalationRouted routed) {
            assign(ticket, routed, announced);
        } else if (data instanceof EscalationReassigned reassigned) {
            reassign(ticket, reassigned, announced);
        } else if (data instanceof SlaBreached breached) {
            breach(ticket, breached, announced);
        } else if (data instanceof SlaDue due) {
            Ticket t = ticket.ticket;
            t.slaDueAt = due.dueAt();
            t.slaMetric = due.dueAt() == null ? null : due.metric();
            if (due.clocks() != null) {
                t.slaClocks = due.clocks();
            }
        }
    }

    /** The routing rule's queue and assignee, and the priority and tags it sets, each announced as its own event. */
    private void assign(Changed changed, EscalationRouted routed, List<OutboxEvent> announced) {
        Ticket ticket = changed.ticket;
        Instant now = Instant.now();
        ticket.queue = routed.queue();
        ticket.assignee = routed.assignee();
        ticket.routingRule = routed.rule();
        ticket.routingVia = routed.assignedVia();
        ticket.routedAt = routed.routedAt() != null ? routed.routedAt() : now;
        ticket.updatedAt = now;
        changed.versioned = true;
        announced.add(events.event(ticket.id, TicketEvents.ASSIGNED, now,
                new TicketEvents.Assigned(ticket.id, ticket.queue, ticket.assignee, routed.rule(), null, now)));
        if (routed.priority() != null && !routed.priority().equals(ticket.priority)) {
            String before = ticket.priority;
            ticket.priority = routed.priority();
            announced.add(events.event(ticket.id, TicketEvents.PRIORITY_CHANGED, now,
                    new TicketEvents.PriorityChanged(ticket.id, before, ticket.priority, ESCALATION, now)));
        }
        List<String> added = routed.tags() == null ? List.of()
                : routed.tags().stream().filter(tag -> !List.of(ticket.tags).contains(tag)).distinct().toList();
        if (!added.isEmpty()) {
            List<String> tags = new ArrayList<>(List.of(ticket.tags));
            tags.addAll(added);
            ticket.tags = tags.toArray(String[]::new);
            announced.add(events.event(ticket.id, TicketEvents.TAGS_CHANGED, now,
                    new TicketEvents.TagsChanged(ticket.id, tags, added, List.of(), ESCALATION, now)));
        }
    }

    /** A breach escalation: another queue or person, a higher priority. */
    private void reassign(Changed changed, EscalationReassigned reassigned, List<OutboxEvent> announced) {
        Ticket ticket = changed.ticket;
        Instant now = Instant.now();
        if (reassigned.queue() != null || reassigned.assignee() != null) {
            if (reassigned.queue() != null) {
                ticket.queue = reassigned.queue();
            }
            ticket.assignee = reassigned.assignee();
            ticket.routingRule = "escalation:" + reassigned.reason();
            ticket.routingVia = null;
            ticket.routedAt = now;
            announced.add(events.event(ticket.id, TicketEvents.ASSIGNED, now, new TicketEvents.Assigned(
                    ticket.id, ticket.queue, ticket.assignee, "escalation:" + reassigned.reason(), null, now)));
        }
        if (reassigned.priority() != null && !reassigned.priority().equals(ticket.priority)) {
            String before = ticket.priority;
            ticket.priority = reassigned.priority();
            announced.add(events.event(ticket.id, TicketEvents.PRIORITY_CHANGED, now,
                    new TicketEvents.PriorityChanged(ticket.id, before, ticket.priority, ESCALATION, now)));
        }
        ticket.updatedAt = now;
        changed.versioned = true;
    }

    /** An SLA breach tags the ticket so agents see it in every list, and marks its clock breached in the SLA panel. */
    private void breach(Changed changed, SlaBreached breached, List<OutboxEvent> announced) {
        Ticket ticket = changed.ticket;
        if (ticket.slaClocks != null) {
            ticket.slaClocks = ticket.slaClocks.stream().map(clock -> clock.metric() != null && clock.metric().equals(breached.metric())
                    ? new SlaClock(clock.metric(), "breached", clock.dueAt()) : clock).toList();
        }
        if (List.of(ticket.tags).contains(SlaBreached.TAG)) {
            return;
        }
        Instant now = Instant.now();
        List<String> tags = new ArrayList<>(List.of(ticket.tags));
        tags.add(SlaBreached.TAG);
        ticket.tags = tags.toArray(String[]::new);
        ticket.updatedAt = now;
        changed.versioned = true;
        announced.add(events.event(ticket.id, TicketEvents.TAGS_CHANGED, now, new TicketEvents.TagsChanged(
                ticket.id, tags, List.of(SlaBreached.TAG), List.of(), ESCALATION, now)));
    }
}
