package io.madoguchi.escalation.service;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.madoguchi.escalation.domain.OutboxEvent;
import io.madoguchi.escalation.domain.RoutingDecision;
import io.madoguchi.escalation.events.EscalationRouted;
import io.madoguchi.escalation.events.TicketCreated;
import io.madoguchi.escalation.messaging.OutboxRelay;
import io.madoguchi.escalation.repository.OutboxRepository;
import io.madoguchi.escalation.repository.ProcessedEventRepository;
import io.madoguchi.escalation.repository.RoutingDecisionRepository;
import io.madoguchi.escalation.service.oncall.OnCallService;
import io.madoguchi.escalation.service.routing.RoutingRuleSets;
import io.madoguchi.escalation.service.routing.RoutingRules;
import io.madoguchi.escalation.service.routing.TicketFacts;
import io.madoguchi.escalation.service.sla.SlaService;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Routes each new ticket by the routing rules in force (first match wins) and announces the decision,
 * naming the rule and the rule set version, through the outbox; its SLA clocks start in the same transaction.
 */
@ApplicationScoped
public class RoutingService {

    private final RoutingDecisionRepository decisions;
    private final ProcessedEventRepository processed;
    private final OutboxRepository outbox;
    private final OutboxRelay relay;
    private final ObjectMapper mapper;
    private final RoutingRuleSets ruleSets;
    private final SlaService sla;
    private final OnCallService onCall;

    public RoutingService(RoutingDecisionRepository decisions, ProcessedEventRepository processed, OutboxRepository outbox,
            OutboxRelay relay, ObjectMapper mapper, RoutingRuleSets ruleSets, SlaService sla, OnCallService onCall) {
        this.decisions = decisions;
        this.processed = processed;
        this.outbox = outbox;
        this.relay = relay;
        this.mapper = mapper;
        this.ruleSets = ruleSets;
        this.sla = sla;
        this.onCall = onCall;
    }

    /** A ticket is routed once: a redelivered event, or a second event for the same ticket, changes nothing. */
    public Uni<Void> route(UUID eventId, String topic, TicketCreated ticket) {
        return Panache.withTransaction(() -> processed.markProcessed(eventId, topic)
                        .chain(fresh -> fresh ? decisions.findById(ticket.ticketId()) : Uni.createFrom().item(new RoutingDecision()))
                        .chain(existing -> existing != null ? Uni.createFrom().voidItem() : decide(ticket)))
                .invoke(relay::wakeUp);
    }

    private Uni<Void> decide(TicketCreated ticket) {
        Instant now = Instant.now();
        return ruleSets.rules().map(rules -> rules.match(facts(ticket, now)))
                .chain(match -> onCall.assigneeFor(match.target().queue(), now).map(assignment -> decision(ticket, match, assignment, now)))
                .chain(decision -> decisions.persist(decision).chain(() -> outbox.persist(announce(decision)))
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
        decision.decidedAt = now;
        if (assignment != null) {
            decision.assignee = assignment.member();
            decision.assignedVia = assignment.via();
        }
        return decision;
    }

    static TicketFacts facts(TicketCreated ticket, Instant at) {
        return new TicketFacts(ticket.channel(), ticket.subject(), ticket.message() == null ? null : ticket.message().body(),
                // tickets are created untagged, so today tag conditions only ever hold in dry runs
                java.util.List.of(), ticket.priority(), ticket.requester() == null ? null : ticket.requester().email(), at);
    }

    /** Which rule a sample ticket would hit, by the rules in force or by a given version. */
    public Uni<RoutingRules.Match> dryRun(TicketFacts sample, Long version) {
        return Panache.withSession(() -> (version == null ? ruleSets.current() : ruleSets.find(version))
                .chain(found -> found == null ? Uni.createFrom().nullItem() : ruleSets.compile(found).map(rules -> rules.match(sample))));
    }

    private OutboxEvent announce(RoutingDecision decision) {
        OutboxEvent event = new OutboxEvent();
        event.eventId = UUID.randomUUID();
        event.topic = EscalationRouted.TOPIC;
        event.recordKey = decision.ticketId.toString();
        event.eventType = EscalationRouted.TYPE;
        event.eventSource = EscalationRouted.SOURCE;
        event.eventSubject = decision.ticketId.toString();
        event.eventTime = decision.decidedAt;
        try {
            event.payload = mapper.writeValueAsString(new EscalationRouted(decision.ticketId, decision.queue,
                    decision.assignee, decision.assignedVia, decision.rule, decision.ruleVersion, decision.priority, java.util.List.of(decision.tags),
                    decision.channel, decision.decidedAt));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return event;
    }

    public Uni<RoutingDecision> find(long ticketId) {
        return Panache.withSession(() -> decisions.findById(ticketId));
    }
}
