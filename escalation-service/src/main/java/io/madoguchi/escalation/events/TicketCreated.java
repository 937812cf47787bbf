package io.madoguchi.escalation.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** What escalation-service reads of {@code io.madoguchi.ticket.created.v1} (schema owned by ticket-service). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TicketCreated(long ticketId, String channel, String priority, String subject) {

    public static final String TYPE = "io.madoguchi.ticket.created.v1";
}
