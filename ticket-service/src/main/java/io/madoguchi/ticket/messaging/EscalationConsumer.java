package io.madoguchi.ticket.messaging;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.madoguchi.ticket.domain.Priority;
import io.madoguchi.ticket.events.EscalationReassigned;
import io.madoguchi.ticket.events.EscalationRouted;
import io.madoguchi.ticket.events.SlaBreached;
import io.madoguchi.ticket.service.EscalationEffects;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Consumes {@code escalations.v1} (routing decisions, breach escalations, SLA breaches) a poll batch at a time:
 * poison records go to {@code escalations.v1.dlq}; the other events are applied in order in one transaction, and the
 * outbox relay is woken once it has committed. Should the database refuse the batch for good, its events are applied
 * one by one, so that only the one it refuses is dead-lettered.
 */
@ApplicationScoped
public class EscalationConsumer {

    private static final Logger LOG = Logger.getLogger(EscalationConsumer.class);

    private final EscalationEffects effects;
    private final ConsumerTurns turns;
    private final OutboxRelay relay;
    private final DeadLetters deadLetters;
    private final ObjectMapper mapper;
    private final DistributionSummary batchSizes;

    /** An event read from its record; its effect runs within the caller's transaction and tells whether it wrote outbox rows. */
    private record EscalationEvent(ConsumerRecord<String, byte[]> record, String what, Supplier<Uni<Boolean>> effect) {
    }

    private record Poison(ConsumerRecord<String, byte[]> record, String reason) {
    }

    public EscalationConsumer(EscalationEffects effects, ConsumerTurns turns, OutboxRelay relay, DeadLetters deadLetters, ObjectMapper mapper,
            MeterRegistry registry) {
        this.effects = effects;
        this.turns = turns;
        this.relay = relay;
        this.deadLetters = deadLetters;
        this.mapper = mapper;
        this.batchSizes = DistributionSummary.builder("madoguchi.consumer.batch.size").tag("topic", "escalations.v1")
                .description("Escalation events applied per transaction").register(registry);
    }

    @Incoming("escalations")
    public Uni<Void> consume(ConsumerRecords<String, byte[]> records) {
        Context context = Vertx.currentContext();
        List<EscalationEvent> events = new ArrayList<>();
        List<Poison> poison = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            try {
                EscalationEvent event = read(record);
                if (event != null) {
                    events.add(event);
                }
            } catch (RuntimeException e) {
                poison.add(new Poison(record, e instanceof PoisonMessageException ? e.getMessage() : "unreadable: " + e));
            }
        }
        return apply(events, context).chain(refused -> deadLetter(poison, refused));
    }

    /** @return what the database refused for good */
    private Uni<List<Poison>> apply(List<EscalationEvent> events, Context context) {
        if (events.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return Retries.untilDone("a batch of " + events.size() + " escalation events", context, () -> turns.inTurn(context, () -> inOneTransaction(events)))
                .invoke(() -> batchSizes.record(events.size()))
                .replaceWith(List.<Poison>of())
                .onFailure(PoisonMessageException.class).recoverWithUni(e -> {
                    LOG.warnf("The database refused a batch (%s); applying its %d escalation events one by one", e.getMessage(),
                            events.size());
                    return oneByOne(events, context);
                });
    }

    private Uni<List<Poison>> oneByOne(List<EscalationEvent> events, Context context) {
        List<Poison> refused = new ArrayList<>();
        return Multi.createFrom().iterable(events)
                .onItem().transformToUniAndConcatenate(event -> Retries.untilDone(event.what(), context, () -> turns.inTurn(context, () -> inOneTransaction(List.of(event))))
                        .invoke(() -> batchSizes.record(1))
                        .onFailure(PoisonMessageException.class).recoverWithItem(e -> {
                            refused.add(new Poison(event.record(), e.getMessage()));
                            return null;
                        }))
                .collect().last()
                .map(ignored -> refused);
    }

    /** The events in order, sequentially; the outbox relay is woken after the commit, or it could look before the rows are there. */
    private Uni<Void> inOneTransaction(List<EscalationEvent> events) {
        return Panache.withTransaction(() -> Multi.createFrom().iterable(events)
                        .onItem().transformToUniAndConcatenate(event -> event.effect().get().call(EscalationConsumer::flushAndForget))
                        .collect().asList())
                .invoke(announced -> {
                    if (announced.contains(true)) {
                        relay.wakeUp();
                    }
                })
                .replaceWithVoid();
    }

    /** Writes what one event changed and empties the session: the next event of the same ticket reads it afresh. */
    private static Uni<Void> flushAndForget() {
        return Panache.getSession().chain(session -> session.flush().invoke(session::clear));
    }

    private Uni<Void> deadLetter(List<Poison> poison, List<Poison> refused) {
        List<Uni<Void>> sends = new ArrayList<>();
        poison.forEach(p -> sends.add(deadLetters.send(p.record(), p.reason())));
        refused.forEach(p -> sends.add(deadLetters.send(p.record(), p.reason())));
        return sends.isEmpty() ? Uni.createFrom().voidItem() : Uni.join().all(sends).andFailFast().replaceWithVoid();
    }

    /** @return the event, or null for a type this consumer does not handle */
    private EscalationEvent read(ConsumerRecord<String, byte[]> record) {
        CloudEventRecord event = CloudEventRecord.of(record);
        UUID id = event.id();
        String topic = record.topic();
        return switch (event.type()) {
            case EscalationRouted.TYPE -> {
                EscalationRouted routed = event.data(mapper, EscalationRouted.class);
                if (routed.ticketId() <= 0 || routed.queue() == null || routed.queue().isBlank()) {
                    throw new PoisonMessageException("routed event " + id + " names no ticket or queue");
                }
                if (routed.priority() != null && !Priority.isValid(routed.priority())) {
                    throw new PoisonMessageException("routed event " + id + " has an unknown priority");
                }
                yield new EscalationEvent(record, "routing of ticket " + routed.ticketId(), () -> effects.route(id, topic, routed));
            }
            case EscalationReassigned.TYPE -> {
                EscalationReassigned reassigned = event.data(mapper, EscalationReassigned.class);
                if (reassigned.ticketId() <= 0) {
                    throw new PoisonMessageException("reassigned event " + id + " names no ticket");
                }
                if (reassigned.priority() != null && !Priority.isValid(reassigned.priority())) {
                    throw new PoisonMessageException("reassigned event " + id + " has an unknown priority");
                }
                yield new EscalationEvent(record, "reassignment of ticket " + reassigned.ticketId(),
                        () -> effects.reassign(id, topic, reassigned));
            }
            case SlaBreached.TYPE -> {
                SlaBreached breached = event.data(mapper, SlaBreached.class);
                if (breached.ticketId() <= 0) {
                    throw new PoisonMessageException("sla-breached event " + id + " names no ticket");
                }
                yield new EscalationEvent(record, "breach of ticket " + breached.ticketId(), () -> effects.breach(id, topic, breached));
            }
            default -> {
                LOG.debugf("Ignoring event type %s on %s", event.type(), topic);
                yield null;
            }
        };
    }
}
