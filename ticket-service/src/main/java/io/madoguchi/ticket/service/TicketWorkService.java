package io.madoguchi.ticket.service;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.madoguchi.chassis.outbox.OutboxRelay;
import io.madoguchi.ticket.domain.MacroUse;
import io.madoguchi.ticket.domain.Priority;
import io.madoguchi.ticket.domain.Survey;
import io.madoguchi.ticket.domain.Ticket;
import io.madoguchi.ticket.domain.TicketMessage;
import io.madoguchi.ticket.domain.TicketStatus;
import io.madoguchi.ticket.events.TicketEvents;
import io.madoguchi.ticket.repository.MacroRepository;
import io.madoguchi.ticket.repository.MacroUseRepository;
import io.madoguchi.ticket.repository.SurveyRepository;
import io.madoguchi.ticket.repository.TicketMessageRepository;
import io.madoguchi.ticket.repository.TicketRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** What agents and admins do to tickets. Every change and its events commit together. */
@ApplicationScoped
public class TicketWorkService {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final TicketRepository tickets;
    private final TicketMessageRepository messages;
    private final MacroRepository macros;
    private final MacroUseRepository macroUses;
    private final SurveyRepository surveys;
    private final TicketOutbox outbox;
    private final OutboxRelay relay;
    private final Duration autoCloseAfter;

    public TicketWorkService(TicketRepository tickets, TicketMessageRepository messages, MacroRepository macros,
            MacroUseRepository macroUses, SurveyRepository surveys, TicketOutbox outbox, OutboxRelay relay,
            @ConfigProperty(name = "madoguchi.tickets.auto-close-after") Duration autoCloseAfter) {
        this.tickets = tickets;
        this.messages = messages;
        this.macros = macros;
        this.macroUses = macroUses;
        this.surveys = surveys;
        this.outbox = outbox;
        this.relay = relay;
        this.autoCloseAfter = autoCloseAfter;
    }

    public Uni<Ticket> update(long ticketId, long expectedVersion, TicketChange change, String agent) {
        return inTransaction(() -> load(ticketId, expectedVersion).chain(ticket -> apply(ticket, change, agent)));
    }

    public Uni<TicketMessage> addMessage(long ticketId, String body, String visibility, String agent) {
        return inTransaction(() -> tickets.findById(ticketId).chain(ticket -> {
            if (ticket == null) {
                return Uni.createFrom().nullItem();
            }
            return agentMessage(ticket, body, visibility, agent);
        }));
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

    /** Merges a ticket into another: its messages move, it closes, and it redirects to the target. */
    public Uni<Ticket> merge(long ticketId, long intoId, String admin) {
        if (ticketId == intoId) {
            throw new TicketConflict("a ticket cannot be merged into itself");
        }
        return inTransaction(() -> tickets.findById(ticketId).chain(source -> tickets.findById(intoId).chain(target -> {
            if (source == null || target == null) {
                throw new NotFound("No ticket " + (source == null ? ticketId : intoId));
            }
            if (source.mergedInto != null || target.mergedInto != null || target.lifecycle() == TicketStatus.CLOSED) {
                throw new TicketConflict("merged tickets and closed targets cannot take part in a merge");
            }
            Instant now = Instant.now();
            String before = source.status;
            source.mergedInto = target.id;
            source.status = TicketStatus.CLOSED.value();
            source.closedAt = now;
            source.updatedAt = now;
            target.updatedAt = now;
            return messages.moveToTicket(source.id, target.id)
                    .chain(() -> outbox.publish(source.id, TicketEvents.STATUS_CHANGED, now,
                            new TicketEvents.StatusChanged(source.id, before, source.status, admin, false, null, now)))
                    .chain(() -> outbox.publish(source.id, TicketEvents.MERGED, now,
                            new TicketEvents.Merged(source.id, target.id, admin, now)))
                    .replaceWith(target);
        })));
    }

    /** Closes solved tickets whose grace period is over; several replicas each take different ones. */
    public Uni<Integer> closeSolved(int batch) {
        Instant now = Instant.now();
        return inTransaction(() -> tickets.lockSolvedBefore(now.minus(autoCloseAfter), batch).chain(due -> {
            Uni<Void> all = Uni.createFrom().voidItem();
            for (Ticket ticket : due) {
                all = all.chain(() -> transition(ticket, TicketStatus.CLOSED, "system", now));
            }
            return all.replaceWith(due.size());
        }));
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
                events = events.chain(() -> transition(ticket, target, agent, now));
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

    private Uni<Void> transition(Ticket ticket, TicketStatus target, String by, Instant now) {
        TicketStatus before = ticket.lifecycle();
        boolean reopened = before == TicketStatus.SOLVED && target == TicketStatus.OPEN;
        ticket.status = target.value();
        ticket.updatedAt = now;
        if (reopened) {
            ticket.reopens++;
            ticket.solvedAt = null;
        }
        if (target == TicketStatus.CLOSED) {
            ticket.closedAt = now;
        }
        if (target != TicketStatus.SOLVED) {
            return outbox.publish(ticket.id, TicketEvents.STATUS_CHANGED, now,
                    new TicketEvents.StatusChanged(ticket.id, before.value(), target.value(), by, reopened, null, now));
        }
        ticket.solvedAt = now;
        Survey survey = new Survey();
        survey.token = newToken();
        survey.ticketId = ticket.id;
        survey.issuedAt = now;
        return surveys.persist(survey).chain(() -> outbox.publish(ticket.id, TicketEvents.STATUS_CHANGED, now,
                new TicketEvents.StatusChanged(ticket.id, before.value(), target.value(), by, false, survey.token, now)));
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
                        new TicketEvents.MessageAdded(ticket.id, null, TicketMessages.toEvent(m))));
    }

    private <T> Uni<T> inTransaction(java.util.function.Supplier<Uni<T>> work) {
        return Panache.withTransaction(work).invoke(relay::wakeUp);
    }

    private static String newToken() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Something the request names does not exist: HTTP 404. */
    public static class NotFound extends RuntimeException {

        public NotFound(String message) {
            super(message, null, false, false);
        }
    }
}
