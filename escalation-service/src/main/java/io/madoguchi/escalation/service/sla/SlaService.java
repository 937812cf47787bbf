package io.madoguchi.escalation.service.sla;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
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
    private final SlaSettings settings;
    private final BusinessCalendar calendar;

    public SlaService(SlaClockRepository clocks, ProcessedEventRepository processed, SlaSettings settings, BusinessCalendar calendar) {
        this.clocks = clocks;
        this.processed = processed;
        this.settings = settings;
        this.calendar = calendar;
    }

    /** Within the transaction that routes the new ticket. */
    public Uni<Void> ticketCreated(long ticketId, String queue, String priority, Instant createdAt) {
        List<SlaClock> started = new ArrayList<>();
        for (SlaMetric metric : List.of(SlaMetric.FIRST_REPLY, SlaMetric.RESOLUTION)) {
            target(queue, priority, metric).ifPresent(target -> started.add(SlaClock.start(ticketId, metric.id, queue, priority, target,
                    businessHours(queue, priority, metric), createdAt, settings.warnAtPercent(), calendar)));
        }
        return started.isEmpty() ? Uni.createFrom().voidItem() : clocks.persist(started);
    }

    public Uni<Void> messageAdded(UUID eventId, String topic, TicketMessageAdded event) {
        Instant at = event.message().createdAt() != null ? event.message().createdAt() : Instant.now();
        return onceWithClocks(eventId, topic, event.ticketId(), byMetric -> {
            if ("agent".equals(event.message().authorType()) && "public".equals(event.message().visibility())) {
                stop(byMetric.get(SlaMetric.FIRST_REPLY.id), at);
                stop(byMetric.get(SlaMetric.NEXT_REPLY.id), at);
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
            String queue = model.queue;
            String priority = model.priority;
            Optional<Duration> target = target(queue, priority, SlaMetric.NEXT_REPLY);
            if (target.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            boolean businessHours = businessHours(queue, priority, SlaMetric.NEXT_REPLY);
            if (next != null) {
                next.restart(priority, target.get(), businessHours, at, settings.warnAtPercent(), calendar);
                return Uni.createFrom().voidItem();
            }
            return clocks.persist(SlaClock.start(event.ticketId(), SlaMetric.NEXT_REPLY.id, queue, priority, target.get(),
                    businessHours, at, settings.warnAtPercent(), calendar)).replaceWithVoid();
        });
    }

    public Uni<Void> statusChanged(UUID eventId, String topic, TicketStatusChanged event) {
        Instant at = event.changedAt() != null ? event.changedAt() : Instant.now();
        return onceWithClocks(eventId, topic, event.ticketId(), byMetric -> {
            switch (event.to() == null ? "" : event.to()) {
                case "pending", "on-hold" -> byMetric.values().forEach(clock -> clock.pause(at, calendar));
                case "new", "open" -> byMetric.values().forEach(clock -> clock.resume(at, settings.warnAtPercent(), calendar));
                case "solved" -> {
                    stop(byMetric.get(SlaMetric.FIRST_REPLY.id), at);
                    stop(byMetric.get(SlaMetric.NEXT_REPLY.id), at);
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
        return onceWithClocks(eventId, topic, event.ticketId(), byMetric -> {
            for (SlaClock clock : byMetric.values()) {
                if (clock.stopped()) {
                    continue;
                }
                SlaMetric metric = metric(clock.metric);
                Optional<Duration> target = target(clock.queue, event.to(), metric);
                if (target.isPresent()) {
                    clock.retarget(event.to(), target.get(), businessHours(clock.queue, event.to(), metric), settings.warnAtPercent(), calendar);
                } else {
                    clock.stop(at, calendar);
                }
            }
            return Uni.createFrom().voidItem();
        });
    }

    private Uni<Void> onceWithClocks(UUID eventId, String topic, long ticketId, Function<Map<String, SlaClock>, Uni<Void>> change) {
        return Panache.withTransaction(() -> processed.markProcessed(eventId, topic).chain(fresh -> !fresh
                ? Uni.createFrom().voidItem()
                : clocks.ofTicket(ticketId).chain(list -> change.apply(
                        list.stream().collect(Collectors.toMap(clock -> clock.metric, Function.identity()))))));
    }

    private void stop(SlaClock clock, Instant at) {
        if (clock != null) {
            clock.stop(at, calendar);
        }
    }

    /** The queue's target for the priority and metric if it sets one, else the priority's. */
    private Optional<Duration> target(String queue, String priority, SlaMetric metric) {
        return targets(queue, priority, metric).flatMap(metric::target);
    }

    private boolean businessHours(String queue, String priority, SlaMetric metric) {
        return targets(queue, priority, metric).map(SlaSettings.Targets::businessHours).orElse(true);
    }

    private Optional<SlaSettings.Targets> targets(String queue, String priority, SlaMetric metric) {
        SlaSettings.QueuePolicy byQueue = queue == null ? null : settings.queues().get(queue);
        SlaSettings.Targets queueTargets = byQueue == null ? null : byQueue.priorities().get(priority);
        if (queueTargets != null && metric.target(queueTargets).isPresent()) {
            return Optional.of(queueTargets);
        }
        return Optional.ofNullable(settings.priorities().get(priority));
    }

    private static SlaMetric metric(String id) {
        for (SlaMetric metric : SlaMetric.values()) {
            if (metric.id.equals(id)) {
                return metric;
            }
        }
        throw new IllegalArgumentException("unknown SLA metric " + id);
    }
}
