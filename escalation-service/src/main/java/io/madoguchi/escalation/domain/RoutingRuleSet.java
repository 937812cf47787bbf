package io.madoguchi.escalation.domain;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One saved version of the routing rules; never changed once written. */
@Entity
@Table(name = "routing_rule_set")
public class RoutingRuleSet {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long version;

    /** The rule set as JSON. */
    public String rules;

    @Column(name = "saved_by")
    public String savedBy;

    @Column(name = "saved_at")
    public Instant savedAt;
}
