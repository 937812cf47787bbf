package io.madoguchi.analytics.rest;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

import io.madoguchi.chassis.rest.ProblemException;

/** A [from, to) range from RFC 3339 query parameters, either of which may be left out for its default. */
record TimeRange(OffsetDateTime from, OffsetDateTime to) {

    static TimeRange of(String from, String to, OffsetDateTime defaultFrom, OffsetDateTime defaultTo) {
        TimeRange range = new TimeRange(parse("from", from, defaultFrom), parse("to", to, defaultTo));
        if (!range.from.isBefore(range.to)) {
            throw new ProblemException(400, "Invalid time range", "'from' must be before 'to'");
        }
        return range;
    }

    private static OffsetDateTime parse(String name, String value, OffsetDateTime fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return OffsetDateTime.parse(value);
        } catch (DateTimeParseException e) {
            throw new ProblemException(400, "Invalid query parameter", "'" + name + "' must be an RFC 3339 time such as 2026-11-01T00:00:00Z");
        }
    }
}
