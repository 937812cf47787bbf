package io.madoguchi.escalation.service;

import java.time.Instant;
import java.util.UUID;

import org.eclipse.microprofile.config.inject.ConfigProperty;

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
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Routes each new ticket to a queue. For now one default rule sends every ticket to the configured
 * default queue; ordered rules, rotas and SLA clocks replace it (see the escalation-service issue).
 */
@ApplicationScoped
public class RoutingService {

    static final String DEFAULT_RULE = "default";

    private final RoutingDecisionRepository decisions;
    private final ProcessedEventRepository processed;
    private final OutboxRepository outbox;
    private final OutboxRelay relay;
    private final ObjectMapper mapper;
    private final String defaultQueue;

    public RoutingService(RoutingDecisionRepository decisions, ProcessedEventRepository processed, OutboxRepository outbox,
            OutboxRelay relay, ObjectMapper mapper, @ConfigProperty(name = "madoguchi.routing.default-queue") String defaultQueue) {
        this.decisions = decisions;
        this.processed = processed;
        this.outbox = outbox;
        this.relay = relay;
        this.mapper = mapper;
        this.defaultQueue = defaultQueue;
    }

    /** A ticket is routed once: a redelivered event, or a second event for the same ticket, changes nothing. */
    public Uni<Void> route(UUID eventId, String topic, TicketCreated ticket) {
        return Panache.withTransaction(() -> processed.markProcessed(eventId, topic)
                        .chain(fresh -> fresh ? decisions.findById(ticket.ticketId()) : Uni.createFrom().item(new RoutingDecision()))
                        .chain(existing -> existing != null ? Uni.createFrom().voidItem() : decide(ticket)))
                .invoke(relay::wakeUp);
    }

    private Uni<Void> decide(TicketCreated ticket) {
        RoutingDecision decision = new RoutingDecision();
        decision.ticketId = ticket.ticketId();
        decision.queue = defaultQueue;
        decision.rule = DEFAULT_RULE;
        decision.channel = ticket.channel();
        decision.decidedAt = Instant.now();
        return decisions.persist(decision).chain(() -> outbox.persist(announce(decision))).replaceWithVoid();
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
                    decision.assignee, decision.rule, decision.channel, decision.decidedAt));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return event;
    }

    public Uni<RoutingDecision> find(long ticketId) {
        return Panache.withSession(() -> decisions.findById(ticketId));
    }
}
