package io.madoguchi.chassis.consumer;

import java.time.Duration;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.madoguchi.chassis.retention.SqlRetainedStore;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Singleton;

/**
 * The idempotent consumer's log needs an event id only as long as the event can be delivered again, which is minutes
 * after a crash or a rebalance, or longer when a consumer group was stopped past the broker's offset retention (7 days
 * by default) and starts again from the earliest records: kept {@code madoguchi.retention.processed-events} (30 days).
 * The table needs an index on {@code processed_at}.
 */
@Singleton
public class ProcessedEventRetention extends SqlRetainedStore {

    public ProcessedEventRetention(Pool pool, @ConfigProperty(name = "madoguchi.retention.processed-events", defaultValue = "P30D") Duration retention) {
        super(pool, "processed-events", retention, """
                DELETE FROM processed_event WHERE event_id IN (
                    SELECT event_id FROM processed_event WHERE processed_at < $1 LIMIT $2 FOR UPDATE SKIP LOCKED)""");
    }
}
