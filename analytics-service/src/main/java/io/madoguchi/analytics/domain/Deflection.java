package io.madoguchi.analytics.domain;

import java.time.OffsetDateTime;
import java.util.UUID;

/** A chatbot deflection, once per inquiry (keyed by the deflection event's id). */
public record Deflection(UUID eventId, String channel, String source, OffsetDateTime receivedAt) {
}
