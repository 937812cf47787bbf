package io.madoguchi.ingest.service.privacy;

import java.time.Duration;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.madoguchi.chassis.retention.SqlRetainedStore;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Singleton;

/**
 * Raw payloads as received (mail with its headers, webhook bodies), the payloads edits replaced and attachment bytes
 * are kept {@code madoguchi.retention.raw-payloads} (90 days) after receipt, for an admin to read and normalize again;
 * then they are purged, and the normalized inquiry row stays. An inquiry still waiting to be normalized keeps its
 * payload.
 */
@Singleton
public class RawPayloadRetention extends SqlRetainedStore {

    public RawPayloadRetention(Pool pool, @ConfigProperty(name = "madoguchi.retention.raw-payloads", defaultValue = "P90D") Duration retention) {
        super(pool, "raw-payloads", retention, """
                WITH purged AS (
                    UPDATE inquiry SET raw_payload = NULL, raw_purged_at = now()
                    WHERE id IN (SELECT id FROM inquiry WHERE raw_payload IS NOT NULL AND received_at < $1 AND status <> 'pending'
                                 ORDER BY received_at LIMIT $2 FOR UPDATE SKIP LOCKED)
                    RETURNING id),
                attachments AS (UPDATE attachment SET content = NULL WHERE inquiry_id IN (SELECT id FROM purged) AND content IS NOT NULL),
                superseded AS (DELETE FROM superseded_payload WHERE inquiry_id IN (SELECT id FROM purged))
                SELECT id FROM purged""");
    }
}
