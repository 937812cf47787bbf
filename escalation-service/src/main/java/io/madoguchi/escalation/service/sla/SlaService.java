package io.madoguchi.escalation.service.sla;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.madoguchi.chassis.outbox.Outbox;
import io.madoguchi.chassis.outbox.OutboxEvent;
import io.madoguchi.escalation.domain.SlaClock;
import io.madoguchi.escalation.events.EscalationRouted;
import io.madoguchi.escalation.events.SlaEvents;
import io.madoguchi.escalation.events.TicketMessageAdded;
import io.madoguchi.escalation.events.TicketPriorityChanged;
import io.madoguchi.escalation.events.TicketStatusChanged;
import io.madoguchi.escalation.service.calendar.BusinessCalendar;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Starts, pauses, resumes and stops SLA clocks from ticket events. A new ticket starts its first-reply and resolution
 * clocks; a public agent reply stops the reply clocks; a requester message after a reply starts the next-reply clock;
 * pending and on-hold pause, open resumes; solved stops the reply clocks and pauses resolution (a reopen resumes it);
 * closed stops everything. A clock counts business hours in the calendar of its ticket's queue. The methods work on a
 * ticket's clocks as a batch of events holds them in memory, and add what they announce (what ended clocks measured,
 * the ticket's next due time) to the batch's outbox rows.
 */
@ApplicationScoped
public class SlaService {

    private final Outbox outbox;

    public SlaService(Outbox outbox) {
        this.outbox = outbox;
    }

    /** What the clocks a ticket event ends measured, announced as sla-measured. */
    private final class Measurements {
        private final List<OutboxEvent> events;
        private final SlaTerms terms;

        Measurements(SlaTerms terms, List<OutboxEvent> events) {
            this.terms = terms;
            this.events = events;
        }

        void ended(SlaClock clock, Instant at) {
            BusinessCalendar calendar = terms.calendarFor(clock.queue);
            SlaEvents.Measured measured = new SlaEvents.Measured(clock.ticketId, clock.metric, clock.priority, clock.queue, clock.startedAt, at,
                    clock.targetSeconds, clock.businessHours, Duration.between(clock.startedAt, at).toSeconds(),
                    calendar.between(clock.startedAt, at).toSeconds(), clock.runningCalendarSeconds, clock.runningBusinessSeconds,
                    clock.breached);
            String id = Long.toString(clock.ticketId);
            events.add(outbox.event(EscalationRouted.TOPIC, id, SlaEvents.MEASURED, EscalationRouted.SOURCE, id, at, measured));
        }

        /** Stops a running or paused reply clock and records what it measured. */
        void reply(SlaClock clock, Instant at) {
            if (clock != null && !clock.stopped()) {
                clock.stop(at, terms.calendarFor(clock.queue));
                ended(clock, at);
            }
        }
    }

    /** A new ticket, just routed to {@code queue}, starts its clocks. */
    public void ticketCreated(TicketClocks clocks, SlaTerms terms, String queue, String segment, String priority, Instant createdAt,
            List<OutboxEvent> announced) {
        List<SlaClock> started = new ArrayList<>();
        for (SlaMetric metric : List.of(SlaMetric.FIRST_REPLY, SlaMetric.RESOLUTION)) {
            terms.target(queue, segment, priority, metric).ifPresent(target -> started.add(SlaClock.start(clocks.ticketId(), metric.id, queue,
                    segment, priority, target.duration(), target.businessHours(), createdAt, terms.warnAtPercent(), terms.calendarFor(queue))));
        }
        started.forEach(clock -> {
            clock.calendarVersion = terms.version();
            clocks.start(clock);
        });
        if (!started.isEmpty()) {
            announced.add(due(clocks.ticketId(), started, createdAt));
        }
    }

    public void messageAdded(TicketClocks clocks, SlaTerms terms, TicketMessageAdded event, List<OutboxEvent> announced) {
        Instant at = event.message().createdAt() != null ? event.message().createdAt() : Instant.now();
        change(clocks, terms, announced, (byMetric, measurements) -> {
            if ("agent".equals(event.message().authorType()) && "public".equals(event.message().visibility())) {
                measurements.reply(byMetric.get(SlaMetric.FIRST_REPLY.id), at);
                measurements.reply(byMetric.get(SlaMetric.NEXT_REPLY.id), at);
                return;
            }
            SlaClock first = byMetric.get(SlaMetric.FIRST_REPLY.id);
            SlaClock next = byMetric.get(SlaMetric.NEXT_REPLY.id);
            boolean replied = first == null || first.stopped();
            if (!"requester".equals(event.message().authorType()) || !replied || next != null && !next.stopped()) {
                return;
            }
            SlaClock model = first != null ? first : byMetric.values().stream().findFirst().orElse(null);
            if (model == null) {
                return;
            }
            Optional<SlaTerms.Target> target = terms.target(model.queue, model.segment, model.priority, SlaMetric.NEXT_REPLY);
            if (target.isEmpty()) {
                return;
            }
            BusinessCalendar calendar = terms.calendarFor(model.queue);
            if (next != null) {
                next.restart(model.priority, target.get().duration(), target.get().businessHours(), at, terms.warnAtPercent(), calendar);
                return;
            }
            SlaClock started = SlaClock.start(clocks.ticketId(), SlaMetric.NEXT_REPLY.id, model.queue, model.segment, model.priority,
                    target.get().duration(), target.get().businessHours(), at, terms.warnAtPercent(), calendar);
            started.calendarVersion = terms.version();
            clocks.start(started);
        });
    }

    public void statusChanged(TicketClocks clocks, SlaTerms terms, TicketStatusChanged event, List<OutboxEvent> announced) {
        Instant at = event.changedAt() != null ? event.changedAt() : Instant.now();
        change(clocks, terms, announced, (byMetric, measurements) -> {
            SlaClock resolution = byMetric.get(SlaMetric.RESOLUTION.id);
            switch (event.to() == null ? "" : event.to()) {
                case "pending", "on-hold" -> byMetric.values().forEach(clock -> clock.pause(at, terms.calendarFor(clock.queue)));
                case "new", "open" -> byMetric.values().forEach(clock -> clock.resume(at, terms.warnAtPercent(), terms.calendarFor(clock.queue)));
                case "solved" -> {
                    stop(terms, byMetric.get(SlaMetric.FIRST_REPLY.id), at);
                    stop(terms, byMetric.get(SlaMetric.NEXT_REPLY.id), at);
                    if (resolution != null && !resolution.stopped()) {
                        resolution.pause(at, terms.calendarFor(resolution.queue));
                        measurements.ended(resolution, at);
                    }
                }
                case "closed" -> {
                    // a ticket closed without being solved first ends its resolution clock here
                    if (resolution != null && !resolution.stopped() && !"solved".equals(event.from())) {
                        resolution.stop(at, terms.calendarFor(resolution.queue));
                        measurements.ended(resolution, at);
                    }
                    byMetric.values().forEach(clock -> stop(terms, clock, at));
                }
                default -> {
                }
            }
        });
    }

    public void priorityChanged(TicketClocks clocks, SlaTerms terms, TicketPriorityChanged event, List<OutboxEvent> announced) {
        Instant at = event.changedAt() != null ? event.changedAt() : Instant.now();
        change(clocks, terms, announced, (byMetric, measurements) -> byMetric.values().forEach(clock -> retarget(terms, clock, clock.queue,
                event.to(), at)));
    }

    /**
     * The ticket moved to {@code queue}: its clocks take the new queue's targets and calendar; the time used counts, as
     * measured by the old queue's calendar.
     */
    public void queueChanged(TicketClocks clocks, SlaTerms terms, String queue, Instant at, List<OutboxEvent> announced) {
        Collection<SlaClock> all = clocks.byMetric().values();
        List<SlaEvents.Clock> before = states(all);
        all.forEach(clock -> retarget(terms, clock, queue, clock.priority, at));
        if (!before.equals(states(all))) {
            announced.add(due(clocks.ticketId(), all, at));
        }
    }

    /** A clock whose ticket has no target any more for its metric stops. */
    private static void retarget(SlaTerms terms, SlaClock clock, String queue, String priority, Instant at) {
        if (clock.stopped()) {
            return;
        }
        BusinessCalendar before = terms.calendarFor(clock.queue);
        BusinessCalendar after = terms.calendarFor(queue);
        if (after != before) {
            clock.recalendar(at, before, after, terms.warnAtPercent());
        }
        clock.queue = queue;
        Optional<SlaTerms.Target> target = terms.target(queue, clock.segment, priority, SlaMetric.byId(clock.metric).orElseThrow());
        if (target.isPresent()) {
            clock.retarget(priority, target.get().duration(), target.get().businessHours(), terms.warnAtPercent(), after);
        } else {
            clock.stop(at, after);
        }
    }

    private interface Change {
        void apply(Map<String, SlaClock> byMetric, Measurements measurements);
    }

    /** Announces what the change ended, then the ticket's next due time if any clock's state moved. */
    private void change(TicketClocks clocks, SlaTerms terms, List<OutboxEvent> announced, Change change) {
        List<SlaEvents.Clock> before = states(clocks.byMetric().values());
        change.apply(clocks.byMetric(), new Measurements(terms, announced));
        if (!before.equals(states(clocks.byMetric().values()))) {
            announced.add(due(clocks.ticketId(), clocks.byMetric().values(), Instant.now()));
        }
    }

    /** The running clock that falls due first and has not breached: the ticket's next due time. */
    static Optional<SlaClock> nextDue(Collection<SlaClock> clocks) {
        return clocks.stream().filter(c -> !c.stopped() && c.runningSince != null && !c.breached && c.dueAt != null)
                .min(java.util.Comparator.comparing((SlaClock c) -> c.dueAt));
    }

    /** Each clock's state, in the order of the metrics, due times to the microsecond as the database keeps them. */
    static List<SlaEvents.Clock> states(Collection<SlaClock> clocks) {
        return clocks.stream().sorted(java.util.Comparator.comparing((SlaClock c) -> SlaMetric.byId(c.metric).orElseThrow()))
                .map(c -> {
                    String state = state(c);
                    return new SlaEvents.Clock(c.metric, state, state.equals("running") || state.equals("breached") ? micros(c.dueAt) : null);
                })
                .toList();
    }

    private static String state(SlaClock clock) {
        if (clock.breached) {
            return "breached";
        }
        return clock.stopped() ? "met" : clock.runningSince == null ? "paused" : "running";
    }

    private static Instant micros(Instant at) {
        return at == null ? null : at.truncatedTo(java.time.temporal.ChronoUnit.MICROS);
    }

    private OutboxEvent due(long ticketId, Collection<SlaClock> clocks, Instant at) {
        Optional<SlaClock> next = nextDue(clocks);
        // to the microsecond, as the database keeps it and the other SLA events (read from it) name it
        SlaEvents.Due due = new SlaEvents.Due(ticketId, next.map(c -> c.metric).orElse(null), next.map(c -> micros(c.dueAt)).orElse(null),
                at, states(clocks));
        String id = Long.toString(ticketId);
        return outbox.event(EscalationRouted.TOPIC, id, SlaEvents.DUE, EscalationRouted.SOURCE, id, at, due);
    }

    private static void stop(SlaTerms terms, SlaClock clock, Instant at) {
        if (clock != null) {
            clock.stop(at, terms.calendarFor(clock.queue));
        }
    }
}
