package io.madoguchi.ticket.events;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** What ticket-service reads of {@code io.madoguchi.escalation.routed.v1} (schema owned by escalation-service). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record EscalationRouted(long ticketId, String queue, String assignee, String assignedVia, String rule, String priority,
        List<String> tags, Instant routedAt) {

    public static final String TYPE = "io.madoguchi.escalation.routed.v1";
}
