package io.madoguchi.escalation.events;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** What escalation-service reads of {@code io.madoguchi.ticket.priority-changed.v1}. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TicketPriorityChanged(long ticketId, String to, Instant changedAt) {

    public static final String TYPE = "io.madoguchi.ticket.priority-changed.v1";
}
