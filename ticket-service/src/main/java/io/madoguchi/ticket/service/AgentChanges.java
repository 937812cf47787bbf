package io.madoguchi.ticket.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import io.madoguchi.chassis.outbox.OutboxRelay;
import io.madoguchi.ticket.domain.MacroUse;
import io.madoguchi.ticket.domain.Priority;
import io.madoguchi.ticket.domain.Ticket;
import io.madoguchi.ticket.domain.TicketMessage;
import io.madoguchi.ticket.domain.TicketStatus;
import io.madoguchi.ticket.events.TicketEvents;
import io.madoguchi.ticket.repository.MacroRepository;
import io.madoguchi.ticket.repository.MacroUseRepository;
import io.madoguchi.ticket.repository.TicketMessageRepository;
import io.madoguchi.ticket.repository.TicketRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.OptimisticLockException;

/**
 * What agents and admins change on a ticket: status, priority, queue, assignee and tags from the version they
 * last read (If-Match), replies and internal notes, and macros. Every change and its events commit together.
 */
@ApplicationScoped
public class AgentChanges {

    private static final int RACED_ATTEMPTS = 4;

    private final TicketRepository tickets;
    private final TicketMessageRepository messages;
    private final MacroRepository macros;
    private final MacroUseRepository macroUses;
    private final TicketLifecycle lifecycle;
    private final TicketOutbox outbox;
    private final OutboxRelay relay;

    public AgentChanges(TicketRepository tickets, TicketMessageRepository messages, MacroRepository macros,
            MacroUseRepository macroUses, TicketLifecycle lifecycle, TicketOutbox outbox, OutboxRelay relay) {
        this.tickets = tickets;
        this.messages = messages;
        this.macros = macros;
        this.macroUses = macroUses;
        this.lifecycle = lifecycle;
        this.outbox = outbox;
        this.relay = relay;
    }

    public Uni<Ticket> update(long ticketId, long expectedVersion, TicketChange change, String agent) {
        return inTransaction(() -> load(ticketId, expectedVersion).chain(ticket -> apply(ticket, change, agent)));
    }

    /**
     * A reply or note is asked for without a version: a change that committed while it was written (routing, an SLA
     * due time, another agent's note) is no reason to refuse it, so it is written again on the ticket as it is now.
     */
    public Uni<TicketMessage> addMessage(long ticketId, String body, String visibility, String agent) {
        return Uni.createFrom().deferred(() -> inTransaction(() -> tickets.findById(ticketId).chain(ticket -> ticket == null
                        ? Uni.createFrom().<TicketMessage>nullItem()
                        : agentMessage(ticket, body, visibility, agent))))
                .onFailure(OptimisticLockException.class).retry().atMost(RACED_ATTEMPTS - 1);
    }

    public Uni<Ticket> applyMacro(long ticketId, long expectedVersion, long macroId, String agent) {
        return inTransaction(() -> load(ticketId, expectedVersion).chain(ticket -> macros.findById(macroId).chain(macro -> {
            if (macro == null) {
                throw new NotFound("No macro " + macroId);
            }
            Instant now = Instant.now();
            macro.uses++;
            MacroUse use = new MacroUse();
            use.macroId = macro.id;
            use.ticketId = ticket.id;
            use.usedBy = agent;
            use.usedAt = now;
            List<String> tags = null;
            if (macro.addTags.length > 0) {
                Set<String> merged = new LinkedHashSet<>(Arrays.asList(ticket.tags));
                merged.addAll(Arrays.asList(macro.addTags));
                tags = new ArrayList<>(merged);
            }
            TicketChange change = new TicketChange(macro.setStatus, macro.setPriority, null, null, tags);
            Uni<?> reply = macro.replyBody == null ? Uni.createFrom().voidItem()
                    : agentMessage(ticket, macro.replyBody, macro.replyVisibility, agent);
            return macroUses.persist(use)
                    .chain(() -> outbox.publish(ticket.id, TicketEvents.MACRO_APPLIED, now,
                            new TicketEvents.MacroApplied(ticket.id, macro.id, macro.name, agent, now)))
                    .chain(() -> reply)
                    .chain(() -> apply(ticket, change, agent));
        })));
    }

    private Uni<Ticket> load(long ticketId, long expectedVersion) {
        return tickets.findById(ticketId).map(ticket -> {
            if (ticket == null) {
                throw new NotFound("No ticket " + ticketId);
            }
            if (ticket.version != expectedVersion) {
                throw new StaleVersion(ticketId, ticket.version);
            }
            if (ticket.mergedInto != null) {
                throw new TicketConflict("ticket " + ticketId + " was merged into " + ticket.mergedInto);
            }
            return ticket;
        });
    }

    private Uni<Ticket> apply(Ticket ticket, TicketChange change, String agent) {
        Instant now = Instant.now();
        Uni<Void> events = Uni.createFrom().voidItem();
        if (change.status() != null) {
            TicketStatus target = TicketStatus.of(change.status())
                    .orElseThrow(() -> new IllegalArgumentException("status must be one of new, open, pending, on-hold, solved, closed"));
            if (target != ticket.lifecycle()) {
                if (!ticket.lifecycle().canMoveTo(target)) {
                    throw new TicketConflict("a " + ticket.status + " ticket cannot become " + target.value());
                }
                events = events.chain(() -> lifecycle.transition(ticket, target, agent, now));
            }
        }
        if (change.priority() != null && !Priority.isValid(change.priority())) {
            throw new IllegalArgumentException("priority must be one of " + String.join(", ", Priority.VALUES));
        }
        if (change.priority() != null && !change.priority().equals(ticket.priority)) {
            String before = ticket.priority;
            ticket.priority = change.priority();
            events = events.chain(() -> outbox.publish(ticket.id, TicketEvents.PRIORITY_CHANGED, now,
                    new TicketEvents.PriorityChanged(ticket.id, before, ticket.priority, agent, now)));
        }
        boolean queueChanged = change.queue() != null && !change.queue().equals(ticket.queue);
        String assignee = change.assignee() == null ? ticket.assignee : change.assignee().isEmpty() ? null : change.assignee();
        if (queueChanged || !Objects.equals(assignee, ticket.assignee)) {
            if (queueChanged) {
                ticket.queue = change.queue();
            }
            ticket.assignee = assignee;
            events = events.chain(() -> outbox.publish(ticket.id, TicketEvents.ASSIGNED, now,
                    new TicketEvents.Assigned(ticket.id, ticket.queue, ticket.assignee, null, agent, now)));
        }
        if (change.tags() != null) {
            List<String> before = Arrays.asList(ticket.tags);
            List<String> after = change.tags().stream().distinct().toList();
            if (!before.equals(after)) {
                ticket.tags = after.toArray(String[]::new);
                List<String> added = after.stream().filter(t -> !before.contains(t)).toList();
                List<String> removed = before.stream().filter(t -> !after.contains(t)).toList();
                events = events.chain(() -> outbox.publish(ticket.id, TicketEvents.TAGS_CHANGED, now,
                        new TicketEvents.TagsChanged(ticket.id, after, added, removed, agent, now)));
            }
        }
        ticket.updatedAt = now;
        return events.replaceWith(ticket);
    }

    private Uni<TicketMessage> agentMessage(Ticket ticket, String body, String visibility, String agent) {
        Instant now = Instant.now();
        TicketMessage message = new TicketMessage();
        message.ticketId = ticket.id;
        message.authorType = TicketMessage.AUTHOR_AGENT;
        message.authorId = agent;
        message.visibility = visibility;
        message.channel = ticket.channel;
        message.body = body;
        message.createdAt = now;
        ticket.updatedAt = now;
        return messages.persist(message)
                .call(m -> outbox.publish(ticket.id, TicketEvents.MESSAGE_ADDED, now,
                        new TicketEvents.MessageAdded(ticket.id, ticket.queue, null, TicketMessages.toEvent(m))));
    }

    private <T> Uni<T> inTransaction(java.util.function.Supplier<Uni<T>> work) {
        return Panache.withTransaction(work).invoke(relay::wakeUp);
    }
}
