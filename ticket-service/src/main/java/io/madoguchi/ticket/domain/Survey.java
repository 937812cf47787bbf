package io.madoguchi.ticket.domain;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A single-use satisfaction survey issued when a ticket is solved; it can be answered once, until it expires. */
@Entity
@Table(name = "survey")
public class Survey {

    @Id
    public String token;

    @Column(name = "ticket_id")
    public Long ticketId;

    @Column(name = "issued_at")
    public Instant issuedAt;

    @Column(name = "expires_at")
    public Instant expiresAt;

    @Column(name = "answered_at")
    public Instant answeredAt;

    public String rating;

    public Integer score;

    public String comment;

    public boolean expiredAt(Instant now) {
        return !now.isBefore(expiresAt);
    }
}
