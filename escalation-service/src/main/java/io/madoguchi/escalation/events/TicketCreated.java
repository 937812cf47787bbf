package io.madoguchi.escalation.events;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** What escalation-service reads of {@code io.madoguchi.ticket.created.v1} (schema owned by ticket-service). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TicketCreated(long ticketId, String channel, String priority, String subject, Requester requester,
        Message message, Instant createdAt) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Requester(String channelUserId, String email, String displayName) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Message(String body) {
    }


    public static final String TYPE = "io.madoguchi.ticket.created.v1";
}
