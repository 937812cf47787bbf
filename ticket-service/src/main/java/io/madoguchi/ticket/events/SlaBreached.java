package io.madoguchi.ticket.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** What ticket-service reads of {@code io.madoguchi.escalation.sla-breached.v1}: the ticket gets the breach tag. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SlaBreached(long ticketId, String metric) {

    public static final String TYPE = "io.madoguchi.escalation.sla-breached.v1";
    public static final String TAG = "sla-breached";
}
