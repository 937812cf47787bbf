package io.madoguchi.chassis.cloudevents;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.time.Instant;
import java.util.UUID;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

import io.madoguchi.chassis.time.Rfc3339;

/** The CloudEvents 1.0 attributes as Kafka record headers (binary content mode), written in one place. */
public final class CloudEventHeaders {

    public static final String SPEC_VERSION = "ce_specversion";
    public static final String ID = "ce_id";
    public static final String SOURCE = "ce_source";
    public static final String TYPE = "ce_type";
    public static final String SUBJECT = "ce_subject";
    public static final String TIME = "ce_time";
    /** The CloudEvents distributed-tracing extension: the W3C traceparent of the span that published the event. */
    public static final String TRACEPARENT = "ce_traceparent";
    /**
     * The CloudEvents sequence extension: the event's place in the order its producer published, the id of its outbox
     * row as 19 decimal digits, so that comparing the text compares the numbers. A replayed dead letter has none.
     */
    public static final String SEQUENCE = "ce_sequence";
    public static final String CONTENT_TYPE = "content-type";

    private CloudEventHeaders() {
    }

    /** The headers of a JSON event; {@code subject} may be null. */
    public static Headers of(UUID id, String source, String type, String subject, Instant time) {
        return of(id, source, type, subject, time, null);
    }

    /** The headers of a JSON event; {@code subject} and {@code traceparent} may be null. */
    public static Headers of(UUID id, String source, String type, String subject, Instant time, String traceparent) {
        return of(id, source, type, subject, time, traceparent, null);
    }

    /** The headers of a JSON event; {@code subject}, {@code traceparent} and {@code sequence} may be null. */
    public static Headers of(UUID id, String source, String type, String subject, Instant time, String traceparent, Long sequence) {
        RecordHeaders headers = new RecordHeaders();
        add(headers, SPEC_VERSION, "1.0");
        add(headers, ID, id.toString());
        add(headers, SOURCE, source);
        add(headers, TYPE, type);
        add(headers, TIME, Rfc3339.format(time));
        add(headers, SUBJECT, subject);
        add(headers, TRACEPARENT, traceparent);
        add(headers, SEQUENCE, sequence == null ? null : sequence(sequence));
        add(headers, CONTENT_TYPE, "application/json");
        return headers;
    }

    /** A sequence as {@value #SEQUENCE} carries it: a row id, zero-padded to 19 digits. */
    public static String sequence(long sequence) {
        if (sequence < 0) {
            return "%019d".formatted(sequence); // no row id; a reader takes it for none
        }
        String digits = Long.toString(sequence);
        return digits.length() >= 19 ? digits : "0".repeat(19 - digits.length()) + digits;
    }

    private static void add(RecordHeaders headers, String name, String value) {
        if (value != null) {
            headers.add(name, value.getBytes(UTF_8));
        }
    }
}
