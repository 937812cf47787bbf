package io.madoguchi.ticket.domain;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;

@Entity
@Table(name = "ticket_message")
public class TicketMessage {

    public static final String AUTHOR_REQUESTER = "requester";
    public static final String AUTHOR_AGENT = "agent";
    public static final String VISIBILITY_PUBLIC = "public";
    public static final String VISIBILITY_INTERNAL = "internal";

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "ticket_message_seq")
    @SequenceGenerator(name = "ticket_message_seq", sequenceName = "ticket_message_seq", allocationSize = 50)
    public Long id;

    @Column(name = "ticket_id")
    public Long ticketId;

    @Column(name = "inquiry_id")
    public UUID inquiryId;

    @Column(name = "author_type")
    public String authorType;

    @Column(name = "author_id")
    public String authorId;

    public String visibility;

    public String channel;

    public String body;

    /** The channel's own id for the message (e-mail Message-ID, Slack ts), used to thread replies. */
    @Column(name = "external_id")
    public String externalId;

    @Column(name = "created_at")
    public Instant createdAt;

    /** The attachments announced with the inquiry, as JSON (a list of filename, contentType, size, sha256), or null. */
    public String attachments;

    /** The revision of the inquiry the body is from: 0 as received, counted up by each correction. */
    public int revision;

    @Column(name = "edited_at")
    public Instant editedAt;
}
