package io.madoguchi.ingest.domain;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A raw payload an edit of the same message replaced as the one its inquiry is normalized from. */
@Entity
@Table(name = "superseded_payload")
public class SupersededPayload {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "inquiry_id")
    public UUID inquiryId;

    @Column(name = "raw_payload")
    public byte[] rawPayload;

    @Column(name = "raw_content_type")
    public String rawContentType;

    @Column(name = "superseded_at")
    public Instant supersededAt;

    public static SupersededPayload of(Inquiry inquiry, Instant at) {
        SupersededPayload kept = new SupersededPayload();
        kept.inquiryId = inquiry.id;
        kept.rawPayload = inquiry.rawPayload;
        kept.rawContentType = inquiry.rawContentType;
        kept.supersededAt = at;
        return kept;
    }
}
