package io.madoguchi.escalation.domain;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

@Entity
@Table(name = "routing_decision")
public class RoutingDecision {

    @Id
    @Column(name = "ticket_id")
    public Long ticketId;

    public String queue;

    public String assignee;

    /** How the assignee was chosen: {@code on-call:<rota>} or {@code cover:<id>}. */
    @Column(name = "assigned_via")
    public String assignedVia;

    public String rule;

    @Column(name = "rule_version")
    public Long ruleVersion;

    public String priority;

    @Column(columnDefinition = "text[]")
    public String[] tags = new String[0];

    public String channel;

    /** What the rules saw of the ticket: kept so a tag added later can be tried against the rules again. */
    public String subject;

    @Column(name = "body_excerpt")
    public String bodyExcerpt;

    @Column(name = "requester_email")
    public String requesterEmail;

    @Column(name = "ticket_priority")
    public String ticketPriority;

    /** The requester's customer segment, by the segments of the rule set that routed the ticket. */
    public String segment;

    @Column(name = "decided_at")
    public Instant decidedAt;

    /** The {@code tickets.v1} created event it was made from; applied again, that event finds it and changes nothing. */
    @Column(name = "created_event_id")
    public UUID createdEventId;
}
