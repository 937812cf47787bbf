package io.madoguchi.escalation.events;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** What escalation-service reads of {@code io.madoguchi.ticket.tags-changed.v1}. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TicketTagsChanged(long ticketId, List<String> tags, List<String> added, Instant changedAt) {

    public static final String TYPE = "io.madoguchi.ticket.tags-changed.v1";

    public TicketTagsChanged {
        tags = tags == null ? List.of() : tags;
        added = added == null ? List.of() : added;
    }
}
