package io.madoguchi.chassis.outbox;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A CloudEvent waiting to be published, table {@code outbox_event} in the service's own database; written in the
 * same transaction as the change it announces, through {@link Outbox}.
 */
@Entity
@Table(name = "outbox_event")
public class OutboxEvent {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "event_id")
    public UUID eventId;

    public String topic;

    @Column(name = "record_key")
    public String recordKey;

    @Column(name = "event_type")
    public String eventType;

    @Column(name = "event_source")
    public String eventSource;

    @Column(name = "event_subject")
    public String eventSubject;

    @Column(name = "event_time")
    public Instant eventTime;

    public String payload;

    /** The W3C traceparent of the span that wrote the row, so that the relay's publish continues its trace. */
    public String traceparent;
}
