package io.madoguchi.chassis.outbox;

import java.time.Instant;
import java.util.UUID;

/**
 * A CloudEvent waiting to be published, made by {@link Outbox#event} and written in the same transaction as the change
 * it announces: one entry of an {@code outbox} row, which holds the events of one writing statement.
 */
public class OutboxEvent {

    public UUID eventId;

    public String topic;

    public String recordKey;

    public String eventType;

    public String eventSource;

    public String eventSubject;

    public Instant eventTime;

    public String payload;

    /** The W3C traceparent of the span that wrote the event, so that the relay's publish continues its trace. */
    public String traceparent;
}
