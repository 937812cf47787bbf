package io.madoguchi.ingest.domain;

import java.io.Serializable;
import java.util.Objects;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

/** An attachment's bytes; they stay in ingest, events carry only name, type, size and digest. */
@Entity
@Table(name = "attachment")
@IdClass(Attachment.Key.class)
public class Attachment {

    @Id
    @Column(name = "inquiry_id")
    public UUID inquiryId;

    @Id
    public int position;

    public String filename;

    @Column(name = "content_type")
    public String contentType;

    public long size;

    public String sha256;

    public byte[] content;

    public static class Key implements Serializable {
        public UUID inquiryId;
        public int position;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(inquiryId, k.inquiryId) && position == k.position;
        }

        @Override
        public int hashCode() {
            return Objects.hash(inquiryId, position);
        }
    }
}
