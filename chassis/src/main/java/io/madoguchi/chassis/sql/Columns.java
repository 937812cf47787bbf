package io.madoguchi.chassis.sql;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.function.Function;
import java.util.function.IntFunction;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The parameters of a set-based statement ({@code INSERT … SELECT FROM unnest($1::bigint[], $2::text[], …)}): a batch's
 * values of one column as one array, times as the reactive SQL client binds them.
 */
public final class Columns {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Columns() {
    }

    /** The values of one column, in the rows' order; nulls stay nulls. */
    public static <T, V> V[] of(Collection<T> rows, Function<T, V> value, IntFunction<V[]> array) {
        return rows.stream().map(value).toArray(array);
    }

    /**
     * The text arrays of one column, each as a JSON array: {@code unnest} flattens an array of arrays, so the statement
     * takes them as {@code text[]} and reads each back with {@code ARRAY(SELECT jsonb_array_elements_text(x::jsonb))}.
     */
    public static <T> String[] textArrays(Collection<T> rows, Function<T, String[]> value) {
        return rows.stream().map(value).map(Columns::json).toArray(String[]::new);
    }

    /** The times of one column, as {@code timestamptz} values. */
    public static <T> OffsetDateTime[] times(Collection<T> rows, Function<T, Instant> value) {
        return rows.stream().map(value).map(Columns::utc).toArray(OffsetDateTime[]::new);
    }

    private static String json(String[] values) {
        try {
            return JSON.writeValueAsString(values == null ? new String[0] : values);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    public static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
