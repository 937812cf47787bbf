package io.madoguchi.ingest.domain;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** An inquiry as accepted at the door: normalized fields plus the raw payload for replay. */
@Entity
@Table(name = "inquiry")
public class Inquiry {

    @Id
    public UUID id;

    public String source;

    public String channel;

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

    @Column(name = "raw_payload")
    public String rawPayload;

    @Column(name = "received_at")
    public Instant receivedAt;
}
