package io.madoguchi.ingest.service.privacy;

import java.time.Duration;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.madoguchi.chassis.retention.SqlRetainedStore;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Singleton;

/**
 * A finished delivery (the reply or survey as sent, its recipient) is kept {@code madoguchi.retention.deliveries}
 * (90 days), long enough for a late bounce to mark it failed; ticket-service keeps its delivery state.
 */
@Singleton
public class DeliveryRetention extends SqlRetainedStore {

    public DeliveryRetention(Pool pool, @ConfigProperty(name = "madoguchi.retention.deliveries", defaultValue = "P90D") Duration retention) {
        super(pool, "deliveries", retention, """
                DELETE FROM delivery WHERE id IN (
                    SELECT id FROM delivery WHERE status <> 'PENDING' AND finished_at < $1 LIMIT $2 FOR UPDATE SKIP LOCKED)""");
    }
}
