package io.madoguchi.escalation.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** What escalation-service reads of {@code io.madoguchi.ticket.contact-erased.v1}. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TicketContactErased(long ticketId) {

    public static final String TYPE = "io.madoguchi.ticket.contact-erased.v1";
}
