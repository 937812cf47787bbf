package io.madoguchi.analytics.service;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Prometheus gauges for what support leads watch live: open tickets (the backlog), tickets waiting on the team per
 * queue, and SLA breaches today (from midnight to midnight in the statistics time zone: a breach time after today, from a
 * producer's clock ahead of this one or from test data, is not today's); refreshed from the database every
 * {@code madoguchi.stats.gauge-refresh}.
 */
@ApplicationScoped
public class LiveGauges {

    private final AtomicLong backlog = new AtomicLong();
    private final AtomicLong breachesToday = new AtomicLong();
    private final MultiGauge waiting;
    private final ZoneId zone;

    public LiveGauges(MeterRegistry registry, @ConfigProperty(name = "madoguchi.stats.zone") String zone) {
        this.zone = ZoneId.of(zone);
        Gauge.builder("madoguchi.backlog.tickets", backlog, AtomicLong::get)
                .description("Tickets open now: new, open, pending or on-hold").register(registry);
        Gauge.builder("madoguchi.sla.breaches.today", breachesToday, AtomicLong::get)
                .description("SLA breaches today, midnight to midnight in the statistics time zone").register(registry);
        waiting = MultiGauge.builder("madoguchi.waiting.tickets").description("Tickets waiting on the team (new or open) per queue")
                .register(registry);
    }

    @Scheduled(every = "${madoguchi.stats.gauge-refresh}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public Uni<Void> refresh() {
        LocalDate today = LocalDate.now(zone);
        var midnight = today.atStartOfDay(zone).toOffsetDateTime();
        var nextMidnight = today.plusDays(1).atStartOfDay(zone).toOffsetDateTime();
        return Panache.withSession(() -> Panache.getSession().chain(s -> s.createNativeQuery(
                        "SELECT count(*) FROM ticket_summary WHERE status IN ('new', 'open', 'pending', 'on-hold')", Long.class).getSingleResult()
                .invoke(backlog::set)
                .chain(() -> s.createNativeQuery("SELECT count(*) FROM sla_breach WHERE breached_at >= ?1 AND breached_at < ?2", Long.class)
                        .setParameter(1, midnight).setParameter(2, nextMidnight).getSingleResult().invoke(breachesToday::set))
                .chain(() -> s.createNativeQuery("SELECT coalesce(queue, 'unrouted'), count(*) FROM ticket_summary"
                        + " WHERE status IN ('new', 'open') GROUP BY 1", Object[].class).getResultList())
                .invoke(rows -> {
                    List<MultiGauge.Row<?>> gauges = new ArrayList<>();
                    rows.forEach(r -> gauges.add(MultiGauge.Row.of(Tags.of("queue", (String) r[0]), ((Number) r[1]).doubleValue())));
                    waiting.register(gauges, true);
                })))
                .replaceWithVoid();
    }
}
