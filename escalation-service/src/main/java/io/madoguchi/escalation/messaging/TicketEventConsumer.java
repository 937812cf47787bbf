package io.madoguchi.escalation.messaging;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.madoguchi.escalation.events.TicketCreated;
import io.madoguchi.escalation.events.TicketMessageAdded;
import io.madoguchi.escalation.events.TicketPriorityChanged;
import io.madoguchi.escalation.events.TicketStatusChanged;
import io.madoguchi.escalation.events.TicketTagsChanged;
import io.madoguchi.escalation.service.RoutingService;
import io.madoguchi.escalation.service.sla.SlaService;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Consumes {@code tickets.v1} a poll batch at a time: new tickets are routed and start their SLA clocks; replies and
 * status and priority changes move the clocks; an added tag can route a ticket again. Poison records go to
 * {@code tickets.v1.dlq}; the other events are applied in order in one transaction, and the outbox relay is woken
 * once it has committed. Should the database refuse the batch for good, its events are applied one by one, so that
 * only the one it refuses is dead-lettered.
 */
@ApplicationScoped
public class TicketEventConsumer {

    private static final Logger LOG = Logger.getLogger(TicketEventConsumer.class);

    private final RoutingService routing;
    private final SlaService sla;
    private final OutboxRelay relay;
    private final DeadLetters deadLetters;
    private final ObjectMapper mapper;
    private final DistributionSummary batchSizes;

    /** A ticket event read from its record; its effect runs within the caller's transaction and tells whether it wrote outbox rows. */
    private record TicketEvent(ConsumerRecord<String, byte[]> record, String what, Supplier<Uni<Boolean>> effect) {
    }

    private record Poison(ConsumerRecord<String, byte[]> record, String reason) {
    }

    public TicketEventConsumer(RoutingService routing, SlaService sla, OutboxRelay relay, DeadLetters deadLetters, ObjectMapper mapper,
            MeterRegistry registry) {
        this.routing = routing;
        this.sla = sla;
        this.relay = relay;
        this.deadLetters = deadLetters;
        this.mapper = mapper;
        this.batchSizes = DistributionSummary.builder("madoguchi.consumer.batch.size").tag("topic", "tickets.v1")
                .description("Ticket events applied per transaction").register(registry);
    }

    @Incoming("tickets")
    public Uni<Void> consume(ConsumerRecords<String, byte[]> records) {
        List<TicketEvent> events = new ArrayList<>();
        List<Poison> poison = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            try {
                TicketEvent event = read(record);
                if (event != null) {
                    events.add(event);
                }
            } catch (RuntimeException e) {
                poison.add(new Poison(record, e instanceof PoisonMessageException ? e.getMessage() : "unreadable: " + e));
            }
        }
        // dead letters go last: Retries binds the database work to the Vert.x context it is assembled on, which must be
        // the record's, not whichever thread completes a send to the broker
        return apply(events).chain(refused -> deadLetter(poison, refused));
    }

    /** @return what the database refused for good */
    private Uni<List<Poison>> apply(List<TicketEvent> events) {
        if (events.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return Retries.untilDone("a batch of " + events.size() + " ticket events", () -> inOneTransaction(events))
                .invoke(() -> batchSizes.record(events.size()))
                .replaceWith(List.<Poison>of())
                .onFailure(PoisonMessageException.class).recoverWithUni(e -> {
                    LOG.warnf("The database refused a batch (%s); applying its %d ticket events one by one", e.getMessage(), events.size());
                    return oneByOne(events);
                });
    }

    private Uni<List<Poison>> oneByOne(List<TicketEvent> events) {
        List<Poison> refused = new ArrayList<>();
        return Multi.createFrom().iterable(events)
                .onItem().transformToUniAndConcatenate(event -> Retries.untilDone(event.what(), () -> inOneTransaction(List.of(event)))
                        .invoke(() -> batchSizes.record(1))
                        .onFailure(PoisonMessageException.class).recoverWithItem(e -> {
                            refused.add(new Poison(event.record(), e.getMessage()));
                            return null;
                        }))
                .collect().last()
                .map(ignored -> refused);
    }

    /** The events in order, sequentially: the outbox relay is woken after the commit, or it could look before the rows are there. */
    private Uni<Void> inOneTransaction(List<TicketEvent> events) {
        return Panache.withTransaction(() -> Multi.createFrom().iterable(events)
                        .onItem().transformToUniAndConcatenate(event -> event.effect().get().call(TicketEventConsumer::flushAndForget))
                        .collect().asList())
                .invoke(announced -> {
                    if (announced.contains(true)) {
                        relay.wakeUp();
                    }
                })
                .replaceWithVoid();
    }

    /**
     * Writes what one event changed and empties the session, so that the next event's lookups see it and dirty-checking
     * does not grow with the batch.
     */
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
    private TicketEvent read(ConsumerRecord<String, byte[]> record) {
        CloudEventRecord event = CloudEventRecord.of(record);
        UUID id = event.id();
        String topic = record.topic();
        return switch (event.type()) {
            case TicketCreated.TYPE -> {
                TicketCreated ticket = event.data(mapper, TicketCreated.class);
                requireTicket(ticket.ticketId(), event);
                yield new TicketEvent(record, "routing of ticket " + ticket.ticketId(), () -> routing.route(id, topic, ticket));
            }
            case TicketMessageAdded.TYPE -> {
                TicketMessageAdded added = event.data(mapper, TicketMessageAdded.class);
                requireTicket(added.ticketId(), event);
                if (added.message() == null) {
                    throw new PoisonMessageException("message-added " + id + " has no message");
                }
                yield new TicketEvent(record, "SLA of ticket " + added.ticketId(), () -> sla.messageAdded(id, topic, added));
            }
            case TicketStatusChanged.TYPE -> {
                TicketStatusChanged changed = event.data(mapper, TicketStatusChanged.class);
                requireTicket(changed.ticketId(), event);
                yield new TicketEvent(record, "SLA of ticket " + changed.ticketId(), () -> sla.statusChanged(id, topic, changed));
            }
            case TicketPriorityChanged.TYPE -> {
                TicketPriorityChanged changed = event.data(mapper, TicketPriorityChanged.class);
                requireTicket(changed.ticketId(), event);
                if (changed.to() == null) {
                    throw new PoisonMessageException("priority-changed " + id + " names no priority");
                }
                yield new TicketEvent(record, "SLA of ticket " + changed.ticketId(), () -> sla.priorityChanged(id, topic, changed));
            }
            case TicketTagsChanged.TYPE -> {
                TicketTagsChanged changed = event.data(mapper, TicketTagsChanged.class);
                requireTicket(changed.ticketId(), event);
                yield new TicketEvent(record, "re-routing of ticket " + changed.ticketId(), () -> routing.tagsChanged(id, topic, changed));
            }
            default -> null;
        };
    }

    private static void requireTicket(long ticketId, CloudEventRecord event) {
        if (ticketId <= 0) {
            throw new PoisonMessageException(event.type() + " " + event.id() + " names no ticket");
        }
    }
}
