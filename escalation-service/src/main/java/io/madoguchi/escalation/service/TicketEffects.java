package io.madoguchi.escalation.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.madoguchi.chassis.consumer.ProcessedEvents;
import io.madoguchi.chassis.outbox.Outbox;
import io.madoguchi.chassis.outbox.OutboxEvent;
import io.madoguchi.chassis.tracing.MessagingSpans;
import io.madoguchi.escalation.events.TicketContactErased;
import io.madoguchi.escalation.events.TicketCreated;
import io.madoguchi.escalation.events.TicketMessageAdded;
import io.madoguchi.escalation.events.TicketPriorityChanged;
import io.madoguchi.escalation.events.TicketStatusChanged;
import io.madoguchi.escalation.events.TicketTagsChanged;
import io.madoguchi.escalation.repository.TicketBatchRepository;
import io.madoguchi.escalation.service.oncall.OnCallBoard;
import io.madoguchi.escalation.service.routing.RoutingRuleSets;
import io.madoguchi.escalation.service.routing.RoutingRules;
import io.madoguchi.escalation.service.sla.SlaCalendarCatchUp;
import io.madoguchi.escalation.service.sla.SlaPolicies;
import io.madoguchi.escalation.service.sla.SlaService;
import io.madoguchi.escalation.service.sla.SlaTerms;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Applies a batch of {@code tickets.v1} events in one transaction, set-based: the events are recorded as processed
 * (but created events, whose mark is the routing decision they make), and the decisions and clocks of their tickets
 * read and locked, a statement each; the events are then applied in memory, in order (routing, SLA clocks, erasures),
 * and the decisions, clocks and outbox rows written a statement per table. A redelivered event (same id) changes
 * nothing.
 */
@ApplicationScoped
public class TicketEffects {

    /** A ticket event as read from {@code tickets.v1}: one of the {@code Ticket*} event records. */
    public record Event(UUID eventId, String topic, long ticketId, Object data) {
    }

    private final Pool pool;
    private final ProcessedEvents processed;
    private final TicketBatchRepository tickets;
    private final RoutingService routing;
    private final SlaService sla;
    private final RoutingRuleSets ruleSets;
    private final SlaPolicies policies;
    private final SlaCalendarCatchUp calendars;
    private final Outbox outbox;

    public TicketEffects(Pool pool, ProcessedEvents processed, TicketBatchRepository tickets, RoutingService routing, SlaService sla,
            RoutingRuleSets ruleSets, SlaPolicies policies, SlaCalendarCatchUp calendars, Outbox outbox) {
        this.pool = pool;
        this.processed = processed;
        this.tickets = tickets;
        this.routing = routing;
        this.sla = sla;
        this.ruleSets = ruleSets;
        this.policies = policies;
        this.calendars = calendars;
        this.outbox = outbox;
    }

    public Uni<Void> apply(List<Event> batch) {
        io.opentelemetry.context.Context batchTrace = io.opentelemetry.context.Context.current();
        String topic = batch.get(0).topic();
        boolean routes = batch.stream().anyMatch(e -> e.data() instanceof TicketCreated || e.data() instanceof TicketTagsChanged);
        Uni<RoutingRules> rules = routes ? ruleSets.rules() : Uni.createFrom().nullItem();
        // a created event's mark is the routing decision it makes (see RoutingService.route)
        List<UUID> marked = batch.stream().filter(e -> !(e.data() instanceof TicketCreated)).map(Event::eventId).toList();
        return policies.terms().chain(terms -> rules.chain(inForce -> pool.withTransaction(c -> processed
                .markProcessed(c, marked, topic)
                .chain(fresh -> {
                    List<Event> applied = batch.stream().filter(e -> e.data() instanceof TicketCreated || fresh.remove(e.eventId())).toList();
                    if (applied.isEmpty()) {
                        return Uni.createFrom().voidItem();
                    }
                    List<Long> ids = applied.stream().map(Event::ticketId).distinct().sorted().toList();
                    Instant now = Instant.now();
                    return tickets.decisions(c, ids)
                            .chain(decisions -> tickets.clocks(c, ids).map(clocks -> new BatchTickets(decisions, clocks)))
                            .call(held -> calendars.bringUpToDate(held.clocksRead(), terms))
                            .chain(held -> (routes ? tickets.onCall(c, now) : Uni.createFrom().item(OnCallBoard.EMPTY)).chain(onCall -> {
                                RoutingService.Consulted consulted = new RoutingService.Consulted(inForce, terms, onCall, now);
                                List<OutboxEvent> announced = new ArrayList<>();
                                List<String> erased = new ArrayList<>();
                                for (Event event : applied) {
                                    MessagingSpans.attachRecord(event);
                                    apply(event, held, consulted, announced, erased);
                                }
                                MessagingSpans.attachStatements(batch, batchTrace);
                                return write(c, held, announced, erased);
                            }));
                }))));
    }

    private void apply(Event event, BatchTickets held, RoutingService.Consulted consulted, List<OutboxEvent> announced, List<String> erased) {
        SlaTerms terms = consulted.terms();
        Object data = event.data();
        if (data instanceof TicketCreated created) {
            routing.route(held, consulted, event.eventId(), created, announced);
        } else if (data instanceof TicketMessageAdded added) {
            sla.messageAdded(held.clocks(event.ticketId()), terms, added, announced);
        } else if (data instanceof TicketStatusChanged changed) {
            sla.statusChanged(held.clocks(event.ticketId()), terms, changed, announced);
        } else if (data instanceof TicketPriorityChanged changed) {
            sla.priorityChanged(held.clocks(event.ticketId()), terms, changed, announced);
        } else if (data instanceof TicketTagsChanged changed) {
            routing.tagsChanged(held, consulted, changed, announced);
        } else if (data instanceof TicketContactErased contactErased) {
            routing.contactErased(held, contactErased);
            erased.add(Long.toString(event.ticketId()));
        } else {
            throw new IllegalArgumentException("not a ticket event: " + data);
        }
    }

    private Uni<Void> write(SqlConnection c, BatchTickets held, List<OutboxEvent> announced, List<String> erased) {
        return tickets.insertDecisions(c, held.made())
                .chain(() -> tickets.updateDecisions(c, held.changedDecisions()))
                .chain(() -> tickets.insertClocks(c, held.started()))
                .chain(() -> tickets.updateClocks(c, held.changedClocks()))
                .chain(() -> outbox.forgetSent(c, erased))
                .chain(() -> outbox.write(c, announced));
    }
}
