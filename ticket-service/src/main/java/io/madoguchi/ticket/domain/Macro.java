package io.madoguchi.ticket.domain;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A named template: a reply text and fields it sets on the ticket it is applied to. */
@Entity
@Table(name = "macro")
public class Macro {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public String name;

    @Column(name = "reply_body")
    public String replyBody;

    @Column(name = "reply_visibility")
    public String replyVisibility;

    @Column(name = "set_status")
    public String setStatus;

    @Column(name = "set_priority")
    public String setPriority;

    @Column(name = "add_tags", columnDefinition = "text[]")
    public String[] addTags = new String[0];

    public long uses;

    @Column(name = "created_at")
    public Instant createdAt;
}
