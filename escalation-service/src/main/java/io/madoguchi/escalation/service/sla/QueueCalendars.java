package io.madoguchi.escalation.service.sla;

import java.util.HashMap;
import java.util.Map;

import io.madoguchi.escalation.service.calendar.BusinessCalendar;

/**
 * The business calendars of an SLA policy, built: the default one, and the named ones the queues listed in
 * {@code queueCalendars} count business hours in. Every other queue counts in the default calendar.
 */
public final class QueueCalendars {

    private final BusinessCalendar defaultCalendar;
    private final Map<String, BusinessCalendar> named = new HashMap<>();
    private final Map<String, String> byQueue;

    /** Throws IllegalArgumentException or DateTimeException for a policy the validator would refuse. */
    public QueueCalendars(SlaPolicy policy) {
        this.defaultCalendar = policy.calendar().build();
        policy.calendars().forEach((name, calendar) -> named.put(name, calendar.build()));
        this.byQueue = Map.copyOf(policy.queueCalendars());
    }

    public BusinessCalendar defaultCalendar() {
        return defaultCalendar;
    }

    /** The name of the calendar the queue counts in; {@link SlaPolicy#DEFAULT_CALENDAR} for the default one. */
    public String nameFor(String queue) {
        String name = queue == null ? null : byQueue.get(queue);
        return name == null || !named.containsKey(name) ? SlaPolicy.DEFAULT_CALENDAR : name;
    }

    public BusinessCalendar of(String queue) {
        return named.getOrDefault(nameFor(queue), defaultCalendar);
    }
}
