package io.madoguchi.ticket.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * What ticket-service reads of {@code io.madoguchi.escalation.reassigned.v1} (schema owned by
 * escalation-service): a breach escalation moves the ticket to another queue or person and/or raises
 * its priority. Absent fields stay as they are.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record EscalationReassigned(long ticketId, String queue, String assignee, String priority, String reason) {

    public static final String TYPE = "io.madoguchi.escalation.reassigned.v1";
}
