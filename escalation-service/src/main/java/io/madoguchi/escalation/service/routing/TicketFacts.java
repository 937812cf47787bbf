package io.madoguchi.escalation.service.routing;

import java.time.Instant;
import java.util.List;

/** What routing rules look at: a new ticket, or a sample one in a dry run. */
public record TicketFacts(String channel, String subject, String body, List<String> tags, String priority,
        String requesterEmail, Instant at) {

    public TicketFacts {
        tags = tags == null ? List.of() : tags;
        at = at == null ? Instant.now() : at;
    }
}
