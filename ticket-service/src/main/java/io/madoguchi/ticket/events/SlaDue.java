package io.madoguchi.ticket.events;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import io.madoguchi.ticket.domain.SlaClock;

/**
 * What ticket-service reads of {@code io.madoguchi.escalation.sla-due.v1} (schema owned by escalation-service): the
 * ticket's next due time, for the workspace's "SLA due / breached" view ({@code dueAt} null when no clock runs), and
 * each clock's state for its SLA panel ({@code clocks} null in records written before they were added).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SlaDue(long ticketId, String metric, Instant dueAt, Instant changedAt, List<SlaClock> clocks) {

    public static final String TYPE = "io.madoguchi.escalation.sla-due.v1";
}
