package io.madoguchi.escalation.service;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.madoguchi.chassis.consumer.ProcessedEvents;
import io.madoguchi.chassis.outbox.Outbox;
import io.madoguchi.chassis.outbox.OutboxEvent;
import io.madoguchi.escalation.domain.RoutingDecision;
import io.madoguchi.escalation.events.EscalationRouted;
import io.madoguchi.escalation.events.SlaEvents;
import io.madoguchi.escalation.events.TicketCreated;
import io.madoguchi.escalation.events.TicketContactErased;
import io.madoguchi.escalation.events.TicketTagsChanged;
import io.madoguchi.escalation.repository.RoutingDecisionRepository;
import io.madoguchi.escalation.service.oncall.OnCallService;
import io.madoguchi.escalation.service.routing.RoutingRuleSets;
import io.madoguchi.escalation.service.routing.RoutingRules;
import io.madoguchi.escalation.service.routing.TicketFacts;
import io.madoguchi.escalation.service.sla.SlaService;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

/**
 * Routes each new ticket by the routing rules in force (first match wins) and announces the decision,
 * naming the rule and the rule set version, through the outbox; its SLA clocks start in the same transaction. The
 * ticket-event methods run within the caller's transaction, so that a consumer can apply a batch of events in one.
 */
@ApplicationScoped
public class RoutingService {

    /** Of a ticket's first message, what is kept for routing it again when a tag is added. */
    private static final int BODY_KEPT = 8_000;

    private final RoutingDecisionRepository decisions;
    private final ProcessedEvents processed;
    private final Outbox outbox;
    private final RoutingRuleSets ruleSets;
    private final SlaService sla;
    private final OnCallService onCall;

    public RoutingService(RoutingDecisionRepository decisions, ProcessedEvents processed, Outbox outbox,
            RoutingRuleSets ruleSets, SlaService sla, OnCallService onCall) {
        this.decisions = decisions;
        this.processed = processed;
        this.outbox = outbox;
        this.ruleSets = ruleSets;
        this.sla = sla;
        this.onCall = onCall;
    }

    /**
     * A ticket is routed once: a redelivered event, or a second event for the same ticket, changes nothing. Call within a
     * transaction (the batch consumer wakes the outbox relay after the commit); true when it wrote outbox rows.
     */
    public Uni<Boolean> route(UUID eventId, String topic, TicketCreated ticket) {
        return processed.markProcessed(eventId, topic)
                .chain(fresh -> fresh ? decisions.findById(ticket.ticketId()) : Uni.createFrom().item(new RoutingDecision()))
                .chain(existing -> existing != null ? Uni.createFrom().item(false) : decide(ticket).replaceWith(true));
    }

    /**
     * A tag added to a routed ticket can route it again: when the first rule that now matches has a tags condition
     * that an added tag satisfies, and it sends the ticket to another queue, the ticket moves there (announced as
     * {@code reassigned} with reason {@code rule:<name>}) and its SLA clocks take that queue's targets. Call within a
     * transaction; true when it wrote outbox rows.
     */
    public Uni<Boolean> tagsChanged(UUID eventId, String topic, TicketTagsChanged event) {
        return processed.markProcessed(eventId, topic)
                .chain(fresh -> fresh && !event.added().isEmpty()
                        ? decisions.findById(event.ticketId(), LockModeType.PESSIMISTIC_WRITE)
                        : Uni.createFrom().<RoutingDecision>nullItem())
                .chain(decision -> decision == null ? Uni.createFrom().item(false) : reroute(decision, event));
    }

    /**
     * The ticket's contact was erased on request: the facts kept to route the ticket again (subject, body excerpt,
     * requester address) go, and the outbox's sent copies of the ticket's events.
     */
    public Uni<Boolean> contactErased(UUID eventId, String topic, TicketContactErased event) {
        return processed.markProcessed(eventId, topic).chain(fresh -> !fresh ? Uni.createFrom().item(false)
                : decisions.findById(event.ticketId(), LockModeType.PESSIMISTIC_WRITE).chain(decision -> {
                    if (decision != null) {
                        decision.subject = null;
                        decision.bodyExcerpt = null;
                        decision.requesterEmail = null;
                    }
                    return outbox.forgetSent(List.of(Long.toString(event.ticketId()))).replaceWith(false);
                }));
    }

    private Uni<Boolean> reroute(RoutingDecision decision, TicketTagsChanged event) {
        Instant now = Instant.now();
        TicketFacts facts = new TicketFacts(decision.channel, decision.subject, decision.bodyExcerpt, event.tags(), decision.ticketPriority,
                decision.requesterEmail, now);
        return ruleSets.rules().map(rules -> rules.match(facts)).chain(match -> {
            boolean byAddedTag = match.when().tags().stream().anyMatch(event.added()::contains);
            if (!byAddedTag || match.target().queue().equals(decision.queue)) {
                return Uni.createFrom().item(false);
            }
            return onCall.assigneeFor(match.target().queue(), now).chain(assignment -> {
                decision.queue = match.target().queue();
                decision.rule = match.rule();
                decision.ruleVersion = match.version();
                decision.priority = match.target().priority();
                decision.assignee = assignment == null ? null : assignment.member();
                decision.assignedVia = assignment == null ? null : assignment.via();
                decision.decidedAt = now;
                SlaEvents.Reassigned moved = new SlaEvents.Reassigned(decision.ticketId, decision.queue, decision.assignee,
                        decision.priority, "rule:" + match.rule(), now);
                return outbox.add(outboxEvent(decision.ticketId, SlaEvents.REASSIGNED, moved, now))
                        .chain(() -> sla.queueChanged(decision.ticketId, decision.queue, now))
                        .replaceWith(true);
            });
        });
    }

    private Uni<Void> decide(TicketCreated ticket) {
        Instant now = Instant.now();
        return ruleSets.rules().map(rules -> rules.match(facts(ticket, now)))
                .chain(match -> onCall.assigneeFor(match.target().queue(), now).map(assignment -> decision(ticket, match, assignment, now)))
                .chain(decision -> decisions.persist(decision).chain(() -> outbox.add(announce(decision)))
                        .chain(() -> sla.ticketCreated(ticket.ticketId(), decision.queue, decision.segment,
                                ticket.priority() == null ? "normal" : ticket.priority(), ticket.createdAt() != null ? ticket.createdAt() : now)));
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
