package io.madoguchi.ticket.domain;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** What a contact merge moved, so that it can be undone exactly. */
@Entity
@Table(name = "contact_merge")
public class ContactMerge {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "source_contact_id")
    public Long sourceContactId;

    @Column(name = "target_contact_id")
    public Long targetContactId;

    @Column(name = "identity_ids", columnDefinition = "bigint[]")
    public Long[] identityIds;

    @Column(name = "ticket_ids", columnDefinition = "bigint[]")
    public Long[] ticketIds;

    @Column(name = "merged_by")
    public String mergedBy;

    @Column(name = "merged_at")
    public Instant mergedAt;

    @Column(name = "undone_at")
    public Instant undoneAt;
}
