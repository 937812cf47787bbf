package io.madoguchi.escalation.domain;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One saved version of the SLA policy; never changed once written. */
@Entity
@Table(name = "sla_policy")
public class SlaPolicyVersion {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long version;

    /** The policy as JSON. */
    public String policy;

    @Column(name = "saved_by")
    public String savedBy;

    @Column(name = "saved_at")
    public Instant savedAt;
}
