package io.madoguchi.chassis.retention;

import java.time.Duration;
import java.time.Instant;

import io.smallrye.mutiny.Uni;

/**
 * A store of a service whose rows are purged (deleted, or their personal data removed) once older than its retention.
 * {@link RetentionPurge} finds every bean of this type.
 */
public interface RetainedStore {

    /** The store's name in logs and in the {@code madoguchi_retention_purged_total{store}} metric. */
    String name();

    /** How long rows are kept. */
    Duration retention();

    /**
     * Purges at most {@code limit} rows older than {@code cutoff}, as one statement or one transaction of its own,
     * skipping rows another transaction holds (another replica's purge), and returns how many it purged.
     */
    Uni<Integer> purge(Instant cutoff, int limit);
}
