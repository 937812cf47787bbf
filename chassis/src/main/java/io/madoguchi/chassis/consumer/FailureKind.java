package io.madoguchi.chassis.consumer;

import java.io.IOException;
import java.sql.SQLException;
import java.time.DateTimeException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.common.errors.RetriableException;
import org.hibernate.JDBCException;
import org.hibernate.StaleStateException;
import org.hibernate.exception.JDBCConnectionException;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.smallrye.mutiny.CompositeException;
import io.vertx.core.VertxException;
import io.vertx.pgclient.PgException;
import jakarta.persistence.OptimisticLockException;

/**
 * What a failure to process a record means for the record. Poison never passes, so it is dead-lettered at once;
 * a transient failure passes once the outage is over, so it is retried for as long as it lasts, holding the
 * partition so order is kept; anything else is an error in our code or data we did not foresee, retried a few
 * times (it may be a transient failure we do not recognise) and then dead-lettered, so that one record cannot hold
 * its partition for ever.
 */
public enum FailureKind {

    POISON("poison"),
    TRANSIENT("transient"),
    ERROR("error");

    private final String label;

    FailureKind(String label) {
        this.label = label;
    }

    /** The value of the {@code dead-letter-kind} header and of the metrics' {@code kind} tag. */
    public String label() {
        return label;
    }

    public static FailureKind of(Throwable failure) {
        Iterable<Throwable> causes = causes(failure);
        for (Throwable t : causes) {
            if (isPoison(t)) {
                return POISON;
            }
        }
        for (Throwable t : causes) {
            if (isTransient(t)) {
                return TRANSIENT;
            }
        }
        return ERROR;
    }

    /** Whether the database refused the data for good (SQLSTATE class 22 or 23) somewhere in the failure. */
    public static boolean refusedByDatabase(Throwable failure) {
        for (Throwable t : causes(failure)) {
            String state = sqlState(t);
            if (state != null && (state.startsWith("22") || state.startsWith("23"))) {
                return true;
            }
        }
        return false;
    }

    private static boolean isPoison(Throwable t) {
        if (t instanceof PoisonMessageException || t instanceof DateTimeException || t instanceof JsonProcessingException) {
            return true;
        }
        // SQLSTATE class 22 (data exception) and 23 (integrity constraint violation) never pass on retry
        String state = sqlState(t);
        return state != null && (state.startsWith("22") || state.startsWith("23"));
    }

    private static boolean isTransient(Throwable t) {
        String state = sqlState(t);
        if (state != null) {
            // the database's own word: connection (08), transaction rollback: serialization failure, deadlock (40),
            // insufficient resources (53), lock not available (55P03), operator intervention: shutdown, cancel (57),
            // system error (58)
            return state.startsWith("08") || state.startsWith("40") || state.startsWith("53") || state.equals("55P03")
                    || state.startsWith("57") || state.startsWith("58");
        }
        return t instanceof IOException || t instanceof TimeoutException || t instanceof RetriableException
                || t instanceof JDBCConnectionException || t instanceof OptimisticLockException || t instanceof StaleStateException
                // the Vert.x clients' own failures without a SQLSTATE: a closed connection, a pool that timed out
                || t instanceof VertxException
                // the SQL client's pool closed under the work ("Pool closed": the service is stopping); the record
                // must wait for the next instance, not go to the dead letters
                || t instanceof io.vertx.core.impl.NoStackTraceThrowable
                || t.getMessage() != null && t.getMessage().contains("Unable to open a connection");
    }

    /** Hibernate Reactive reports a refusal as a JDBCException carrying the state, the Vert.x client as a PgException. */
    private static String sqlState(Throwable t) {
        return t instanceof PgException pg ? pg.getSqlState()
                : t instanceof JDBCException jdbc ? jdbc.getSQLState()
                : t instanceof SQLException sql ? sql.getSQLState() : null;
    }

    /** The failure, its causes and, for a composite failure, each of its parts, each once. */
    private static Iterable<Throwable> causes(Throwable failure) {
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        Deque<Throwable> todo = new ArrayDeque<>();
        todo.add(failure);
        while (!todo.isEmpty()) {
            Throwable t = todo.poll();
            if (t == null || seen.put(t, Boolean.TRUE) != null) {
                continue;
            }
            if (t.getCause() != null) {
                todo.add(t.getCause());
            }
            if (t instanceof CompositeException composite) {
                todo.addAll(composite.getCauses());
            }
        }
        return seen.keySet();
    }
}
