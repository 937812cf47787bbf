package io.madoguchi.escalation.service;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.madoguchi.escalation.domain.RoutingDecision;
import io.madoguchi.escalation.domain.SlaClock;
import io.madoguchi.escalation.service.sla.TicketClocks;

/**
 * The routing decisions and SLA clocks of a batch's tickets: as read at the start of the batch, and as its events,
 * applied in order, leave them. An event sees what the events before it in the batch did; what changed is written
 * at the end, a statement per table.
 */
public final class BatchTickets {

    private final Map<Long, RoutingDecision> decisions;
    private final Map<RoutingDecision, List<Object>> decisionsAsRead = new IdentityHashMap<>();
    private final List<RoutingDecision> made = new ArrayList<>();
    private final Map<Long, Map<String, SlaClock>> clocks = new HashMap<>();
    private final Map<SlaClock, List<Object>> clocksAsRead = new IdentityHashMap<>();
    private final List<SlaClock> started = new ArrayList<>();

    public BatchTickets(Map<Long, RoutingDecision> decisions, List<SlaClock> clocks) {
        this.decisions = new HashMap<>(decisions);
        decisions.values().forEach(d -> decisionsAsRead.put(d, row(d)));
        for (SlaClock clock : clocks) {
            this.clocks.computeIfAbsent(clock.ticketId, t -> new LinkedHashMap<>()).put(clock.metric, clock);
            clocksAsRead.put(clock, row(clock));
        }
    }

    public List<SlaClock> clocksRead() {
        return List.copyOf(clocksAsRead.keySet());
    }

    public RoutingDecision decision(long ticketId) {
        return decisions.get(ticketId);
    }

    public void made(RoutingDecision decision) {
        decisions.put(decision.ticketId, decision);
        made.add(decision);
    }

    public TicketClocks clocks(long ticketId) {
        Map<String, SlaClock> byMetric = clocks.computeIfAbsent(ticketId, t -> new LinkedHashMap<>());
        return new TicketClocks() {
            @Override
            public long ticketId() {
                return ticketId;
            }

            @Override
            public Map<String, SlaClock> byMetric() {
                return byMetric;
            }

            @Override
            public void start(SlaClock clock) {
                byMetric.put(clock.metric, clock);
                started.add(clock);
            }
        };
    }

    /** Decisions made in this batch, to insert. */
    public List<RoutingDecision> made() {
        return made;
    }

    /** Decisions read and changed since, to update. */
    public List<RoutingDecision> changedDecisions() {
        return decisionsAsRead.entrySet().stream().filter(e -> !e.getValue().equals(row(e.getKey()))).map(Map.Entry::getKey).toList();
    }

    /** Clocks started in this batch, to insert. */
    public List<SlaClock> started() {
        return started;
    }

    /** Clocks read and changed since, to update. */
    public List<SlaClock> changedClocks() {
        return clocksAsRead.entrySet().stream().filter(e -> !e.getValue().equals(row(e.getKey()))).map(Map.Entry::getKey).toList();
    }

    private static List<Object> row(RoutingDecision d) {
        return Arrays.asList(d.queue, d.assignee, d.assignedVia, d.rule, d.ruleVersion, d.priority, d.subject, d.bodyExcerpt,
                d.requesterEmail, d.decidedAt);
    }

    private static List<Object> row(SlaClock c) {
        return Arrays.asList(c.queue, c.segment, c.priority, c.targetSeconds, c.businessHours, c.consumedSeconds, c.runningCalendarSeconds,
                c.runningBusinessSeconds, c.startedAt, c.runningSince, c.warnAt, c.dueAt, c.warned, c.breached, c.stoppedAt,
                c.calendarVersion);
    }
}
