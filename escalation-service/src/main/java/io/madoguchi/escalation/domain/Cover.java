package io.madoguchi.escalation.domain;

import java.time.Instant;
import java.time.LocalDate;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A stand-in from another team who takes a queue's new tickets during set weekly hours. */
@Entity
@Table(name = "cover")
public class Cover {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public String queue;

    public String member;

    public String zone;

    /** Weekly hours, e.g. {@code mon-fri 13:00-15:00}. */
    public String hours;

    @Column(name = "valid_from")
    public LocalDate validFrom;

    @Column(name = "valid_until")
    public LocalDate validUntil;

    @Column(name = "created_by")
    public String createdBy;

    @Column(name = "created_at")
    public Instant createdAt;
}
