package io.madoguchi.escalation.service.sla;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jboss.logging.Logger;

import io.madoguchi.chassis.outbox.Outbox;
import io.madoguchi.chassis.outbox.OutboxEvent;
import io.madoguchi.chassis.outbox.OutboxRelay;
import io.madoguchi.escalation.events.EscalationRouted;
import io.madoguchi.escalation.events.SlaEvents;
import io.madoguchi.escalation.service.oncall.OnCallSchedule;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Fires SLA warnings and breaches when they are due, whether or not the ticket sees another event. Each run claims
 * due clocks with {@code FOR UPDATE SKIP LOCKED} and flips their flag in the same transaction that writes the
 * announcing outbox rows, so with any number of replicas each warning and each breach fires exactly once.
 */
@ApplicationScoped
public class SlaTimers {

    private static final Logger LOG = Logger.getLogger(SlaTimers.class);
    private static final int BATCH = 200;

    private static final String CLAIM_BREACHES = """
            UPDATE sla_clock c SET breached = true, warned = true, warn_at = NULL
            FROM (SELECT ticket_id, metric FROM sla_clock
                  WHERE running_since IS NOT NULL AND NOT breached AND due_at <= $1
                  ORDER BY due_at LIMIT $2 FOR UPDATE SKIP LOCKED) due
            WHERE c.ticket_id = due.ticket_id AND c.metric = due.metric
            RETURNING c.ticket_id, c.metric, c.priority, c.due_at""";

    private static final String CLAIM_WARNINGS = """
            UPDATE sla_clock c SET warned = true
            FROM (SELECT ticket_id, metric FROM sla_clock
                  WHERE running_since IS NOT NULL AND NOT warned AND NOT breached AND warn_at <= $1
                  ORDER BY warn_at LIMIT $2 FOR UPDATE SKIP LOCKED) due
            WHERE c.ticket_id = due.ticket_id AND c.metric = due.metric
            RETURNING c.ticket_id, c.metric, c.priority, c.due_at""";

    private static final String ROTAS = """
            SELECT id, queue, zone, handoff_time, rotation_days, starts_on, members FROM rota WHERE queue = ANY($1)""";

    private static final String OVERRIDES = """
            SELECT o.rota_id, o.member, o.starts_at, o.ends_at FROM rota_override o JOIN rota r ON r.id = o.rota_id
            WHERE r.queue = ANY($1) AND o.ends_at > $2""";

    private final Pool pool;
    private final SlaPolicies policies;
    private final Outbox outbox;
    private final OutboxRelay relay;
    private final Counter runs;
    private final MeterRegistry registry;

    public SlaTimers(Pool pool, SlaPolicies policies, Outbox outbox, OutboxRelay relay, MeterRegistry registry) {
        this.pool = pool;
        this.policies = policies;
        this.outbox = outbox;
        this.relay = relay;
        this.registry = registry;
        // at zero from the start: a rate over a counter that appears at its first breach would miss that breach
        for (String metric : List.of("first-reply", "next-reply", "resolution")) {
            breachCounter(metric);
            warningCounter(metric);
        }
        this.runs = Counter.builder("madoguchi.sla.timer.runs")
                .description("Scheduled SLA timer runs that looked for due warnings and breaches, whether or not any were due")
                .register(registry);
    }

    @Scheduled(every = "${madoguchi.sla.timer-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = OutboxRelay.NotRunning.class)
    Uni<Void> tick() {
        return fire().invoke(written -> runs.increment()).replaceWithVoid()
                .onFailure().invoke(e -> LOG.warn("SLA timers failed; the next run retries", e))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    /** Fires what is due now; returns how many events it wrote. */
    public Uni<Integer> fire() {
        Instant now = Instant.now();
        return policies.terms().chain(terms -> pool.withTransaction(connection -> connection.preparedQuery(CLAIM_BREACHES)
                        .execute(Tuple.of(offset(now), BATCH))
                        .chain(breaches -> connection.preparedQuery(CLAIM_WARNINGS).execute(Tuple.of(offset(now), BATCH))
                                .chain(warnings -> onCall(connection, terms, breaches.size() > 0, now)
                                        .chain(onCall -> announce(connection, events(terms, breaches, warnings, onCall, now)))))))
                .invoke(written -> {
                    // counted once committed: a rolled-back run fires its breaches again in the next one
                    for (Outgoing event : written) {
                        if (event.data() instanceof SlaEvents.Breached breach) {
                            breachCounter(breach.metric()).increment();
                        } else if (event.data() instanceof SlaEvents.Warning warning) {
                            warningCounter(warning.metric()).increment();
                        }
                    }
                    if (!written.isEmpty()) {
                        relay.wakeUp();
                    }
                })
                .map(List::size);
    }

    private Counter breachCounter(String metric) {
        return Counter.builder("madoguchi.sla.breaches").tag("metric", metric)
                .description("SLA breaches fired, by clock (first-reply, next-reply, resolution)").register(registry);
    }

    private Counter warningCounter(String metric) {
        return Counter.builder("madoguchi.sla.warnings").tag("metric", metric)
                .description("SLA warnings fired, by clock (first-reply, next-reply, resolution)").register(registry);
    }

    private record Outgoing(long ticketId, String type, Object data, Instant time) {
    }

    /** Who is on call now for each queue a breach may escalate to with notify-on-call. */
    private Uni<Map<String, String>> onCall(SqlConnection connection, SlaTerms terms, boolean anyBreach, Instant now) {
        List<String> queues = terms.onCallQueues();
        if (!anyBreach || queues.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return connection.preparedQuery(ROTAS).execute(Tuple.of(queues.toArray(String[]::new)))
                .chain(rotas -> connection.preparedQuery(OVERRIDES).execute(Tuple.of(queues.toArray(String[]::new), offset(now)))
                        .map(overrides -> {
                            Map<String, List<OnCallSchedule.Override>> byRota = new HashMap<>();
                            for (Row o : overrides) {
                                byRota.computeIfAbsent(o.getString("rota_id"), id -> new ArrayList<>()).add(new OnCallSchedule.Override(
                                        o.getString("member"), o.getOffsetDateTime("starts_at").toInstant(), o.getOffsetDateTime("ends_at").toInstant()));
                            }
                            Map<String, String> onCall = new HashMap<>();
                            for (Row r : rotas) {
                                OnCallSchedule schedule = new OnCallSchedule(ZoneId.of(r.getString("zone")), r.getLocalTime("handoff_time"),
                                        r.getInteger("rotation_days"), r.getLocalDate("starts_on"), List.of(r.getArrayOfStrings("members")),
                                        byRota.getOrDefault(r.getString("id"), List.of()));
                                onCall.put(r.getString("queue"), schedule.at(now).member());
                            }
                            return onCall;
                        }));
    }

    private List<Outgoing> events(SlaTerms terms, Iterable<Row> breaches, Iterable<Row> warnings, Map<String, String> onCall, Instant now) {
        List<Outgoing> events = new ArrayList<>();
        for (Row row : breaches) {
            long ticketId = row.getLong("ticket_id");
            String metric = row.getString("metric");
            String priority = row.getString("priority");
            Instant due = row.getOffsetDateTime("due_at").toInstant();
            events.add(new Outgoing(ticketId, SlaEvents.BREACHED, new SlaEvents.Breached(ticketId, metric, priority, due, now), now));
            LOG.infof("Ticket %d breached its %s target; fired %d ms after it was due", ticketId, metric, java.time.Duration.between(due, now).toMillis());
            terms.onBreach(metric).ifPresent(onBreach -> {
                String raised = onBreach.raisePriority() ? raise(priority) : null;
                String assignee = onBreach.notifyOnCall() ? onCall.get(onBreach.queue()) : null;
                events.add(new Outgoing(ticketId, SlaEvents.REASSIGNED, new SlaEvents.Reassigned(ticketId, onBreach.queue(),
                        assignee, raised, metric + "-breached", now), now));
            });
        }
        for (Row row : warnings) {
            long ticketId = row.getLong("ticket_id");
            events.add(new Outgoing(ticketId, SlaEvents.WARNING, new SlaEvents.Warning(ticketId, row.getString("metric"),
                    row.getString("priority"), row.getOffsetDateTime("due_at").toInstant(), terms.warnAtPercent(), now), now));
        }
        return events;
    }

    private Uni<List<Outgoing>> announce(SqlConnection connection, List<Outgoing> events) {
        if (events.isEmpty()) {
            return Uni.createFrom().item(events);
        }
        List<OutboxEvent> rows = new ArrayList<>();
        for (Outgoing e : events) {
            String ticket = Long.toString(e.ticketId());
            rows.add(outbox.event(EscalationRouted.TOPIC, ticket, e.type(), EscalationRouted.SOURCE, ticket, e.time(), e.data()));
        }
        return outbox.write(connection, rows).replaceWith(events);
    }

    /** One step up; urgent stays urgent. */
    static String raise(String priority) {
        return switch (priority) {
            case "low" -> "normal";
            case "normal" -> "high";
            default -> "urgent";
        };
    }

    private static OffsetDateTime offset(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
