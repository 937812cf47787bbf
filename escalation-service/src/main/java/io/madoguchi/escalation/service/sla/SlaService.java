package io.madoguchi.escalation.service.sla;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.madoguchi.escalation.domain.SlaClock;
import io.madoguchi.escalation.events.TicketMessageAdded;
import io.madoguchi.escalation.events.TicketPriorityChanged;
import io.madoguchi.escalation.events.TicketStatusChanged;
import io.madoguchi.escalation.repository.ProcessedEventRepository;
import io.madoguchi.escalation.repository.SlaClockRepository;
import io.madoguchi.escalation.service.calendar.BusinessCalendar;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Starts, pauses, resumes and stops SLA clocks from ticket events, each event once. A new ticket starts its
 * first-reply and resolution clocks; a public agent reply stops the reply clocks; a requester message after a
 * reply starts the next-reply clock; pending and on-hold pause, open resumes; solved stops the reply clocks and
 * pauses resolution (a reopen resumes it); closed stops everything.
 */
@ApplicationScoped
public class SlaService {

    private final SlaClockRepository clocks;
    private final ProcessedEventRepository processed;
    private final SlaPolicies policies;

    public SlaService(SlaClockRepository clocks, ProcessedEventRepository processed, SlaPolicies policies) {
        this.clocks = clocks;
        this.processed = processed;
        this.policies = policies;
    }

    /** Within the transaction that routes the new ticket. */
    public Uni<Void> ticketCreated(long ticketId, String queue, String segment, String priority, Instant createdAt) {
        return policies.terms().chain(terms -> {
            List<SlaClock> started = new ArrayList<>();
            for (SlaMetric metric : List.of(SlaMetric.FIRST_REPLY, SlaMetric.RESOLUTION)) {
                terms.target(queue, segment, priority, metric).ifPresent(target -> started.add(SlaClock.start(ticketId, metric.id, queue,
                        segment, priority, target.duration(), target.businessHours(), createdAt, terms.warnAtPercent(), terms.calendar())));
            }
            return started.isEmpty() ? Uni.createFrom().voidItem() : clocks.persist(started);
        });
    }

    public Uni<Void> messageAdded(UUID eventId, String topic, TicketMessageAdded event) {
        Instant at = event.message().createdAt() != null ? event.message().createdAt() : Instant.now();
        return onceWithClocks(eventId, topic, event.ticketId(), (terms, byMetric) -> {
            BusinessCalendar calendar = terms.calendar();
            if ("agent".equals(event.message().authorType()) && "public".equals(event.message().visibility())) {
                stop(byMetric.get(SlaMetric.FIRST_REPLY.id), at, calendar);
                stop(byMetric.get(SlaMetric.NEXT_REPLY.id), at, calendar);
                return Uni.createFrom().voidItem();
            }
            SlaClock first = byMetric.get(SlaMetric.FIRST_REPLY.id);
            SlaClock next = byMetric.get(SlaMetric.NEXT_REPLY.id);
            boolean replied = first == null || first.stopped();
            if (!"requester".equals(event.message().authorType()) || !replied || next != null && !next.stopped()) {
                return Uni.createFrom().voidItem();
            }
            SlaClock model = first != null ? first : byMetric.values().stream().findFirst().orElse(null);
            if (model == null) {
                return Uni.createFrom().voidItem();
            }
            Optional<SlaTerms.Target> target = terms.target(model.queue, model.segment, model.priority, SlaMetric.NEXT_REPLY);
            if (target.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            if (next != null) {
                next.restart(model.priority, target.get().duration(), target.get().businessHours(), at, terms.warnAtPercent(), calendar);
                return Uni.createFrom().voidItem();
            }
            return clocks.persist(SlaClock.start(event.ticketId(), SlaMetric.NEXT_REPLY.id, model.queue, model.segment, model.priority,
                    target.get().duration(), target.get().businessHours(), at, terms.warnAtPercent(), calendar)).replaceWithVoid();
        });
    }

    public Uni<Void> statusChanged(UUID eventId, String topic, TicketStatusChanged event) {
        Instant at = event.changedAt() != null ? event.changedAt() : Instant.now();
        return onceWithClocks(eventId, topic, event.ticketId(), (terms, byMetric) -> {
            BusinessCalendar calendar = terms.calendar();
            switch (event.to() == null ? "" : event.to()) {
                case "pending", "on-hold" -> byMetric.values().forEach(clock -> clock.pause(at, calendar));
                case "new", "open" -> byMetric.values().forEach(clock -> clock.resume(at, terms.warnAtPercent(), calendar));
                case "solved" -> {
                    stop(byMetric.get(SlaMetric.FIRST_REPLY.id), at, calendar);
                    stop(byMetric.get(SlaMetric.NEXT_REPLY.id), at, calendar);
                    SlaClock resolution = byMetric.get(SlaMetric.RESOLUTION.id);
                    if (resolution != null) {
                        resolution.pause(at, calendar);
                    }
                }
                case "closed" -> byMetric.values().forEach(clock -> clock.stop(at, calendar));
                default -> {
                }
            }
            return Uni.createFrom().voidItem();
        });
    }

    public Uni<Void> priorityChanged(UUID eventId, String topic, TicketPriorityChanged event) {
        Instant at = event.changedAt() != null ? event.changedAt() : Instant.now();
        return onceWithClocks(eventId, topic, event.ticketId(), (terms, byMetric) -> {
            byMetric.values().forEach(clock -> retarget(terms, clock, clock.queue, event.to(), at));
            return Uni.createFrom().voidItem();
        });
    }

    /** Within the transaction that moves the ticket: its clocks take the new queue's targets; the time used counts. */
    public Uni<Void> queueChanged(long ticketId, String queue, Instant at) {
        return policies.terms().chain(terms -> clocks.ofTicket(ticketId)
                .invoke(list -> list.forEach(clock -> retarget(terms, clock, queue, clock.priority, at)))).replaceWithVoid();
    }

    /** A clock whose ticket has no target any more for its metric stops. */
    private static void retarget(SlaTerms terms, SlaClock clock, String queue, String priority, Instant at) {
        if (clock.stopped()) {
            return;
        }
        clock.queue = queue;
        Optional<SlaTerms.Target> target = terms.target(queue, clock.segment, priority, SlaMetric.byId(clock.metric).orElseThrow());
        if (target.isPresent()) {
            clock.retarget(priority, target.get().duration(), target.get().businessHours(), terms.warnAtPercent(), terms.calendar());
        } else {
            clock.stop(at, terms.calendar());
        }
    }

    private Uni<Void> onceWithClocks(UUID eventId, String topic, long ticketId,
            BiFunction<SlaTerms, Map<String, SlaClock>, Uni<Void>> change) {
        return Panache.withTransaction(() -> processed.markProcessed(eventId, topic).chain(fresh -> !fresh
                ? Uni.createFrom().voidItem()
                : policies.terms().chain(terms -> clocks.ofTicket(ticketId).chain(list -> change.apply(terms,
                        list.stream().collect(Collectors.toMap(clock -> clock.metric, Function.identity())))))));
    }

    private static void stop(SlaClock clock, Instant at, BusinessCalendar calendar) {
        if (clock != null) {
            clock.stop(at, calendar);
        }
    }
}
