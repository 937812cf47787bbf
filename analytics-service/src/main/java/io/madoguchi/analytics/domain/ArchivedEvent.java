package io.madoguchi.analytics.domain;

import java.time.OffsetDateTime;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

/** An event of a ticket's history as it is archived: where it came from, what it is, and its data as sent. */
public record ArchivedEvent(UUID id, String topic, String type, OffsetDateTime time, long ticketId, JsonNode data) {
}
