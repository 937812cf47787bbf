package io.madoguchi.ingest.domain;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** An inquiry as accepted at the door: the raw payload as received, its intake status and what it normalized to. */
@Entity
@Table(name = "inquiry")
public class Inquiry {

    @Id
    public UUID id;

    public String source;

    public String channel;

    @Enumerated(EnumType.STRING)
    public IntakeStatus status;

    @Column(name = "status_reason")
    public String statusReason;

    @Column(name = "dedupe_key")
    public String dedupeKey;

    @Column(name = "channel_message_id")
    public String channelMessageId;

    @Column(name = "conversation_key")
    public String conversationKey;

    @Column(name = "requester_id")
    public String requesterId;

    @Column(name = "requester_email")
    public String requesterEmail;

    @Column(name = "requester_name")
    public String requesterName;

    @Column(name = "requester_phone")
    public String requesterPhone;

    public String subject;

    public String body;

    /** The normalized event data as last announced (or as it would be, for recorded-only inquiries). */
    @Column(name = "event_data")
    public String eventData;

    /** 0 for the first normalization, +1 per correction. */
    public int revision;

    @Column(name = "raw_payload")
    public byte[] rawPayload;

    /** When the raw payload (and attachment bytes) were purged by retention or erased; null while kept. */
    @Column(name = "raw_purged_at")
    public Instant rawPurgedAt;

    @Column(name = "raw_content_type")
    public String rawContentType;

    @Column(name = "received_at")
    public Instant receivedAt;

    /** Deferred normalization: how often it was tried, and when to try next. */
    public int attempts;

    @Column(name = "next_attempt_at")
    public Instant nextAttemptAt;
}
