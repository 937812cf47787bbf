package io.madoguchi.ticket.domain;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A way to reach a contact: an e-mail address, a phone number, or a user id on a channel. */
@Entity
@Table(name = "contact_identity")
public class ContactIdentity {

    public static final String EMAIL = "email";
    public static final String PHONE = "phone";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "contact_id")
    public Long contactId;

    /** {@code email}, {@code phone}, or the channel name for a channel user id (slack, line, chat, ...). */
    public String kind;

    public String value;

    public boolean verified;

    @Column(name = "created_at")
    public Instant createdAt;
}
