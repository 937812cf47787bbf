package io.madoguchi.chassis.sql;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * The parameters of a set-based statement ({@code INSERT … SELECT FROM unnest($1::bigint[], $2::text[], …)}): a batch's
 * values of one column as one array, times as the reactive SQL client binds them.
 */
public final class Columns {

    private Columns() {
    }

    /** The values of one column, in the rows' order; nulls stay nulls. */
    public static <T, V> V[] of(Collection<T> rows, Function<T, V> value, IntFunction<V[]> array) {
        return rows.stream().map(value).toArray(array);
    }

    /** The times of one column, as {@code timestamptz} values. */
    public static <T> OffsetDateTime[] times(Collection<T> rows, Function<T, Instant> value) {
        return rows.stream().map(value).map(Columns::utc).toArray(OffsetDateTime[]::new);
    }

    public static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    public static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
