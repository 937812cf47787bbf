package io.madoguchi.escalation.events;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** What escalation-service reads of {@code io.madoguchi.ticket.message-added.v1}: who wrote, publicly or not, when. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TicketMessageAdded(long ticketId, Message message) {

    public static final String TYPE = "io.madoguchi.ticket.message-added.v1";

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Message(String authorType, String visibility, Instant createdAt) {
    }
}
