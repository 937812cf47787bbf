package io.madoguchi.ticket.events;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * What ticket-service reads of {@code io.madoguchi.escalation.sla-due.v1} (schema owned by escalation-service): the
 * ticket's next due time, for the workspace's "SLA due / breached" view; {@code dueAt} null when no clock runs.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SlaDue(long ticketId, String metric, Instant dueAt, Instant changedAt) {

    public static final String TYPE = "io.madoguchi.escalation.sla-due.v1";
}
