package io.madoguchi.ingest.domain;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A message to deliver to a customer on their own channel: a public reply, an acknowledgement or a survey. Its id
 * is kept across retries and is the channel's idempotency key where the channel has one.
 */
@Entity
@Table(name = "delivery")
public class Delivery {

    public enum Kind {
        REPLY, ACKNOWLEDGEMENT, SURVEY;

        public String label() {
            return name().toLowerCase();
        }
    }

    public enum Status {
        PENDING, SENT, FAILED
    }

    @Id
    public UUID id;

    /** The ce_id of the tickets.v1 event that asked for it. */
    @Column(name = "causation_id")
    public UUID causationId;

    @Column(name = "ticket_id")
    public long ticketId;

    /** The ticket message delivered; null for an acknowledgement or a survey. */
    @Column(name = "message_id")
    public Long messageId;

    @Enumerated(EnumType.STRING)
    public Kind kind;

    public String channel;

    public String recipient;

    /** E-mail: the From it was planned with (the ticket's queue's support address); null for the default. */
    public String sender;

    public String subject;

    public String body;

    /** E-mail threading: the customer's Message-ID this answers, and the chain before it (space separated). */
    @Column(name = "in_reply_to")
    public String inReplyTo;

    @Column(name = "thread_references")
    public String threadReferences;

    @Enumerated(EnumType.STRING)
    public Status status;

    public int attempts;

    @Column(name = "next_attempt_at")
    public Instant nextAttemptAt;

    @Column(name = "last_error")
    public String lastError;

    /** The channel's id of what was sent: the e-mail Message-ID, a Slack ts, a LINE request id. */
    @Column(name = "channel_reference")
    public String channelReference;

    /** The trace of the ticket event that planned it; sending it continues that trace. */
    public String traceparent;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "finished_at")
    public Instant finishedAt;
}
