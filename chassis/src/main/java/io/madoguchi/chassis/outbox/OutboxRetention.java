package io.madoguchi.chassis.outbox;

import java.time.Duration;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.madoguchi.chassis.retention.SqlRetainedStore;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Singleton;

/**
 * Sent outbox rows are a copy of what went to Kafka, kept {@code madoguchi.retention.outbox} (7 days) for
 * inspection; rows not yet sent are never purged. Ids grow with {@code created_at}: the old rows are the ones before
 * the first young one, found by reading the primary key from its start, so a purge reads what it deletes and not the
 * whole table.
 */
@Singleton
public class OutboxRetention extends SqlRetainedStore {

    public OutboxRetention(Pool pool, @ConfigProperty(name = "madoguchi.retention.outbox", defaultValue = "P7D") Duration retention) {
        super(pool, "outbox", retention, """
                WITH head AS (
                    SELECT id FROM outbox
                    WHERE id <= (SELECT sent_through FROM outbox_position)
                      AND id < coalesce((SELECT id FROM outbox WHERE created_at >= $1 ORDER BY id LIMIT 1), 9223372036854775807)
                    ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED)
                DELETE FROM outbox o USING head WHERE o.id = head.id""");
    }
}
