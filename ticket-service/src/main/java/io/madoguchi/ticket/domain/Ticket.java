package io.madoguchi.ticket.domain;

import java.time.Instant;
import java.util.List;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

@Entity
@Table(name = "ticket")
public class Ticket {

    public static final String PRIORITY_NORMAL = "normal";

    public TicketStatus lifecycle() {
        return TicketStatus.of(status).orElseThrow(() -> new IllegalStateException("ticket " + id + " has status " + status));
    }

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "ticket_seq")
    @SequenceGenerator(name = "ticket_seq", sequenceName = "ticket_seq", allocationSize = 50)
    public Long id;

    @Column(name = "conversation_key")
    public String conversationKey;

    public String status;

    public String priority;

    public String channel;

    public String subject;

    @Column(name = "requester_id")
    public String requesterId;

    @Column(name = "requester_email")
    public String requesterEmail;

    @Column(name = "requester_name")
    public String requesterName;

    public String queue;

    public String assignee;

    @Column(name = "contact_id")
    public Long contactId;

    @Column(columnDefinition = "text[]")
    public String[] tags = new String[0];

    public int reopens;

    @Column(name = "solved_at")
    public Instant solvedAt;

    @Column(name = "closed_at")
    public Instant closedAt;

    @Column(name = "follow_up_of")
    public Long followUpOf;

    @Column(name = "merged_into")
    public Long mergedInto;

    /** The routing rule that chose the queue, or {@code escalation:<reason>} after a breach escalation. */
    @Column(name = "routing_rule")
    public String routingRule;

    /** How the assignee was chosen when routing named one: {@code on-call:<rota>} or {@code cover:<cover>}. */
    @Column(name = "routing_via")
    public String routingVia;

    @Column(name = "routed_at")
    public Instant routedAt;

    /**
     * The next SLA due time and its metric, as escalation-service announces them (sla-due); written only by
     * {@code EscalationBatchRepository}, which leaves the ticket's version as it is for them (no agent's edit is
     * refused for them), and never by a flush of the entity.
     */
    @Column(name = "sla_due_at", insertable = false, updatable = false)
    public Instant slaDueAt;

    @Column(name = "sla_metric", insertable = false, updatable = false)
    public String slaMetric;

    /** Each SLA clock's state, written the same way as the next due time. */
    @Column(name = "sla_clocks", insertable = false, updatable = false)
    @Convert(converter = SlaClocksColumn.class)
    public List<SlaClock> slaClocks;

    /**
     * The ce_sequence of the last escalations.v1 event applied, by which a redelivered one is known; written the same
     * way as the next due time.
     */
    @Column(name = "escalation_sequence", insertable = false, updatable = false)
    public Long escalationSequence;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    /** When its contact was erased on request: subject, requester and message text are gone. */
    @Column(name = "erased_at")
    public Instant erasedAt;

    @Version
    public long version;
}
