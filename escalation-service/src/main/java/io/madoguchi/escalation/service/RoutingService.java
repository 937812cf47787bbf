package io.madoguchi.escalation.service;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.madoguchi.chassis.outbox.Outbox;
import io.madoguchi.chassis.outbox.OutboxEvent;
import io.madoguchi.escalation.domain.RoutingDecision;
import io.madoguchi.escalation.events.EscalationRouted;
import io.madoguchi.escalation.events.SlaEvents;
import io.madoguchi.escalation.events.TicketCreated;
import io.madoguchi.escalation.events.TicketContactErased;
import io.madoguchi.escalation.events.TicketTagsChanged;
import io.madoguchi.escalation.repository.RoutingDecisionRepository;
import io.madoguchi.escalation.service.oncall.OnCallBoard;
import io.madoguchi.escalation.service.oncall.OnCallService;
import io.madoguchi.escalation.service.routing.RoutingRuleSets;
import io.madoguchi.escalation.service.routing.RoutingRules;
import io.madoguchi.escalation.service.routing.TicketFacts;
import io.madoguchi.escalation.service.sla.SlaService;
import io.madoguchi.escalation.service.sla.SlaTerms;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Routes each new ticket by the routing rules in force (first match wins) and announces the decision, naming the rule
 * and the rule set version; its SLA clocks start with it. The ticket-event methods work on the decisions and clocks a
 * batch of events holds in memory ({@link BatchTickets}) and add what they announce to the batch's outbox rows.
 */
@ApplicationScoped
public class RoutingService {

    /** Of a ticket's first message, what is kept for routing it again when a tag is added. */
    private static final int BODY_KEPT = 8_000;

    private final RoutingDecisionRepository decisions;
    private final Outbox outbox;
    private final RoutingRuleSets ruleSets;
    private final SlaService sla;

    public RoutingService(RoutingDecisionRepository decisions, Outbox outbox, RoutingRuleSets ruleSets, SlaService sla) {
        this.decisions = decisions;
        this.outbox = outbox;
        this.ruleSets = ruleSets;
        this.sla = sla;
    }

    /** What routing a batch consults: the rules, the SLA terms and who is on call, each read once for the batch. */
    public record Consulted(RoutingRules rules, SlaTerms terms, OnCallBoard onCall, Instant now) {
    }

    /**
     * A ticket is routed once: a second event for the same ticket changes nothing. That makes the decision the created
     * event's idempotency mark ({@code eventId}, kept with it), so created events write no {@code processed_event} row.
     */
    public void route(BatchTickets tickets, Consulted consulted, UUID eventId, TicketCreated ticket, List<OutboxEvent> announced) {
        if (tickets.decision(ticket.ticketId()) != null) {
            return;
        }
        Instant now = consulted.now();
        RoutingRules.Match match = consulted.rules().match(facts(ticket, now));
        RoutingDecision decision = decision(ticket, match, consulted.onCall().assigneeFor(match.target().queue(), now), now);
        decision.createdEventId = eventId;
        tickets.made(decision);
        announced.add(announce(decision));
        sla.ticketCreated(tickets.clocks(decision.ticketId), consulted.terms(), decision.queue, decision.segment,
                ticket.priority() == null ? "normal" : ticket.priority(), ticket.createdAt() != null ? ticket.createdAt() : now, announced);
    }

    /**
     * A tag added to a routed ticket can route it again: when the first rule that now matches has a tags condition
     * that an added tag satisfies, and it sends the ticket to another queue, the ticket moves there (announced as
     * {@code reassigned} with reason {@code rule:<name>}) and its SLA clocks take that queue's targets.
     */
    public void tagsChanged(BatchTickets tickets, Consulted consulted, TicketTagsChanged event, List<OutboxEvent> announced) {
        RoutingDecision decision = tickets.decision(event.ticketId());
        if (decision == null || event.added().isEmpty()) {
            return;
        }
        Instant now = consulted.now();
        TicketFacts facts = new TicketFacts(decision.channel, decision.subject, decision.bodyExcerpt, event.tags(), decision.ticketPriority,
                decision.requesterEmail, now);
        RoutingRules.Match match = consulted.rules().match(facts);
        boolean byAddedTag = match.when().tags().stream().anyMatch(event.added()::contains);
        if (!byAddedTag || match.target().queue().equals(decision.queue)) {
            return;
        }
        OnCallService.Assignment assignment = consulted.onCall().assigneeFor(match.target().queue(), now);
        decision.queue = match.target().queue();
        decision.rule = match.rule();
        decision.ruleVersion = match.version();
        decision.priority = match.target().priority();
        decision.assignee = assignment == null ? null : assignment.member();
        decision.assignedVia = assignment == null ? null : assignment.via();
        decision.decidedAt = now;
        SlaEvents.Reassigned moved = new SlaEvents.Reassigned(decision.ticketId, decision.queue, decision.assignee, decision.priority,
                "rule:" + match.rule(), now);
        announced.add(outboxEvent(decision.ticketId, SlaEvents.REASSIGNED, moved, now));
        sla.queueChanged(tickets.clocks(decision.ticketId), consulted.terms(), decision.queue, now, announced);
    }

    /**
     * The ticket's contact was erased on request: the facts kept to route the ticket again (subject, body excerpt,
     * requester address) go; the caller deletes the outbox's sent copies of the ticket's events.
     */
    public void contactErased(BatchTickets tickets, TicketContactErased event) {
        RoutingDecision decision = tickets.decision(event.ticketId());
        if (decision != null) {
            decision.subject = null;
            decision.bodyExcerpt = null;
            decision.requesterEmail = null;
        }
    }

    private static RoutingDecision decision(TicketCreated ticket, RoutingRules.Match match, OnCallService.Assignment assignment, Instant now) {
        RoutingDecision decision = new RoutingDecision();
        decision.ticketId = ticket.ticketId();
        decision.queue = match.target().queue();
        decision.rule = match.rule();
        decision.ruleVersion = match.version();
        decision.priority = match.target().priority();
        decision.tags = match.target().tags().toArray(String[]::new);
        decision.channel = ticket.channel();
        decision.segment = match.segment();
        decision.subject = ticket.subject();
        String body = ticket.message() == null ? null : ticket.message().body();
        decision.bodyExcerpt = body == null || body.length() <= BODY_KEPT ? body : body.substring(0, BODY_KEPT);
        decision.requesterEmail = ticket.requester() == null ? null : ticket.requester().email();
        decision.ticketPriority = ticket.priority();
        decision.decidedAt = now;
        if (assignment != null) {
            decision.assignee = assignment.member();
            decision.assignedVia = assignment.via();
        }
        return decision;
    }

    static TicketFacts facts(TicketCreated ticket, Instant at) {
        return new TicketFacts(ticket.channel(), ticket.subject(), ticket.message() == null ? null : ticket.message().body(),
                // tickets are created untagged: tag conditions come into play when a tag is added (tagsChanged)
                List.of(), ticket.priority(), ticket.requester() == null ? null : ticket.requester().email(), at);
    }

    /** Which rule a sample ticket would hit, by the rules in force or by a given version. */
    public Uni<RoutingRules.Match> dryRun(TicketFacts sample, Long version) {
        return Panache.withSession(() -> (version == null ? ruleSets.current() : ruleSets.find(version))
                .chain(found -> found == null ? Uni.createFrom().nullItem() : ruleSets.compile(found).map(rules -> rules.match(sample))));
    }

    private OutboxEvent announce(RoutingDecision decision) {
        return outboxEvent(decision.ticketId, EscalationRouted.TYPE, new EscalationRouted(decision.ticketId, decision.queue,
                decision.assignee, decision.assignedVia, decision.rule, decision.ruleVersion, decision.priority, List.of(decision.tags),
                decision.channel, decision.decidedAt), decision.decidedAt);
    }

    private OutboxEvent outboxEvent(long ticketId, String type, Object data, Instant time) {
        String id = Long.toString(ticketId);
        return outbox.event(EscalationRouted.TOPIC, id, type, EscalationRouted.SOURCE, id, time, data);
    }

    public Uni<RoutingDecision> find(long ticketId) {
        return Panache.withSession(() -> decisions.findById(ticketId));
    }
}
