package io.madoguchi.escalation.events;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Data of the SLA events escalation-service publishes to {@code escalations.v1}. */
public final class SlaEvents {

    public static final String WARNING = "io.madoguchi.escalation.sla-warning.v1";
    public static final String BREACHED = "io.madoguchi.escalation.sla-breached.v1";
    public static final String REASSIGNED = "io.madoguchi.escalation.reassigned.v1";

    private SlaEvents() {
    }

    public record Warning(long ticketId, String metric, String priority, Instant dueAt, int percentUsed, Instant warnedAt) {
    }

    public record Breached(long ticketId, String metric, String priority, Instant dueAt, Instant breachedAt) {
    }

    /** A breach escalation: absent fields stay as they are on the ticket. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Reassigned(long ticketId, String queue, String assignee, String priority, String reason, Instant reassignedAt) {
    }
}
