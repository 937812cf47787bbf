package io.madoguchi.chassis.outbox;

import java.time.OffsetDateTime;
import java.util.concurrent.atomic.AtomicLong;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Measures what the outbox holds unsent: events, and the age of the oldest. Measured on a schedule rather than at
 * scrape time, so that a scrape never waits on the database; a relay that stopped draining shows as an age that
 * keeps growing. Every replica reports the same database, so dashboards and alerts take the max per service.
 */
@ApplicationScoped
public class OutboxBacklog {

    private static final Logger LOG = Logger.getLogger(OutboxBacklog.class);

    private final Pool pool;
    private final AtomicLong rows = new AtomicLong();
    private final AtomicLong oldestSeconds = new AtomicLong();

    public OutboxBacklog(Pool pool, MeterRegistry registry) {
        this.pool = pool;
        Gauge.builder("madoguchi.outbox.backlog.rows", rows, AtomicLong::get)
                .description("Outbox events not yet published").register(registry);
        Gauge.builder("madoguchi.outbox.oldest.unsent.seconds", oldestSeconds, AtomicLong::get)
                .description("Age of the oldest outbox event not yet published; 0 when none waits").register(registry);
    }

    @Scheduled(every = "${madoguchi.outbox.backlog-interval:10s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = OutboxRelay.NotRunning.class)
    Uni<Void> measure() {
        // the oldest by id, not min(created_at), and the position as a scalar subquery: both read the primary key from
        // the position on (joined instead, the position table's unknown size made the plan a costly one, JIT-compiled)
        return pool.query("SELECT (SELECT coalesce(sum(events), 0) FROM outbox WHERE id > (SELECT sent_through FROM outbox_position)) AS rows,"
                        + " (SELECT created_at FROM outbox WHERE id > (SELECT sent_through FROM outbox_position) ORDER BY id LIMIT 1)"
                        + " AS oldest, now() AS now")
                .execute()
                .invoke(result -> {
                    Row row = result.iterator().next();
                    OffsetDateTime oldest = row.getOffsetDateTime("oldest");
                    rows.set(row.getLong("rows"));
                    oldestSeconds.set(oldest == null ? 0
                            : Math.max(0, java.time.Duration.between(oldest, row.getOffsetDateTime("now")).toSeconds()));
                })
                .replaceWithVoid()
                .onFailure().recoverWithItem(e -> {
                    LOG.warnf("Could not measure the outbox backlog: %s", e.toString());
                    return null;
                });
    }
}
