package io.madoguchi.chassis.retention;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * A retained store purged by one SQL statement per chunk: {@code $1} is the cutoff, {@code $2} the chunk size, and the
 * statement's row count is how many rows it purged. Subclasses are {@code @Singleton} beans (no client proxy, so no
 * no-argument constructor is needed).
 */
public abstract class SqlRetainedStore implements RetainedStore {

    private final Pool pool;
    private final String name;
    private final Duration retention;
    private final String sql;

    protected SqlRetainedStore(Pool pool, String name, Duration retention, String sql) {
        this.pool = pool;
        this.name = name;
        this.retention = retention;
        this.sql = sql;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Duration retention() {
        return retention;
    }

    @Override
    public Uni<Integer> purge(Instant cutoff, int limit) {
        return pool.preparedQuery(sql).execute(Tuple.of(cutoff.atOffset(ZoneOffset.UTC), limit)).map(rows -> rows.rowCount());
    }
}
