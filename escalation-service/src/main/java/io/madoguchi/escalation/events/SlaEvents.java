package io.madoguchi.escalation.events;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Data of the SLA events escalation-service publishes to {@code escalations.v1}. */
public final class SlaEvents {

    public static final String WARNING = "io.madoguchi.escalation.sla-warning.v1";
    public static final String BREACHED = "io.madoguchi.escalation.sla-breached.v1";
    public static final String REASSIGNED = "io.madoguchi.escalation.reassigned.v1";
    public static final String MEASURED = "io.madoguchi.escalation.sla-measured.v1";
    public static final String DUE = "io.madoguchi.escalation.sla-due.v1";

    private SlaEvents() {
    }

    /**
     * The ticket's next due time (the running, unbreached clock that falls due first; metric and dueAt null when none
     * runs) and the state of each of its clocks.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Due(long ticketId, String metric, Instant dueAt, Instant changedAt, List<Clock> clocks) {
    }

    /** One clock: {@code running} (dueAt when it breaches), {@code paused}, {@code met} or {@code breached} (dueAt when it did). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Clock(String metric, String state, Instant dueAt) {
    }

    public record Warning(long ticketId, String metric, String priority, Instant dueAt, int percentUsed, Instant warnedAt) {
    }

    public record Breached(long ticketId, String metric, String priority, Instant dueAt, Instant breachedAt) {
    }

    /** A breach escalation: absent fields stay as they are on the ticket. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Reassigned(long ticketId, String queue, String assignee, String priority, String reason, Instant reassignedAt) {
    }

    /**
     * A clock came to its natural end (a reply, a solve, a close) and what it measured: the elapsed time since it
     * started and the time it ran (not paused), each round the clock and in business hours, and whether it breached.
     */
    public record Measured(long ticketId, String metric, String priority, String queue, Instant startedAt, Instant endedAt,
            long targetSeconds, boolean businessHours, long elapsedSeconds, long elapsedBusinessSeconds, long runningSeconds,
            long runningBusinessSeconds, boolean breached) {
    }
}
