package io.madoguchi.chassis.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.ConnectException;
import java.time.DateTimeException;
import java.util.concurrent.CompletionException;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonParseException;

import io.smallrye.mutiny.CompositeException;
import io.vertx.pgclient.PgException;
import jakarta.persistence.OptimisticLockException;

class FailureKindTest {

    @Test
    void whatCanNeverPassIsPoisonHoweverDeepItIsWrapped() {
        assertEquals(FailureKind.POISON, FailureKind.of(new PoisonMessageException("no ticket")));
        assertEquals(FailureKind.POISON, FailureKind.of(new CompletionException(new DateTimeException("no time"))));
        assertEquals(FailureKind.POISON, FailureKind.of(new RuntimeException(pg("23505"))), "unique violation");
        assertEquals(FailureKind.POISON, FailureKind.of(pg("22001")), "value too long");
        assertEquals(FailureKind.POISON, FailureKind.of(new JsonParseException(null, "not JSON")));
    }

    @Test
    void outagesAndConflictsThatPassLaterAreTransient() {
        assertEquals(FailureKind.TRANSIENT, FailureKind.of(new CompletionException(new ConnectException("refused"))));
        assertEquals(FailureKind.TRANSIENT, FailureKind.of(pg("40001")), "serialization failure");
        assertEquals(FailureKind.TRANSIENT, FailureKind.of(pg("40P01")), "deadlock");
        assertEquals(FailureKind.TRANSIENT, FailureKind.of(pg("57P01")), "admin shutdown");
        assertEquals(FailureKind.TRANSIENT, FailureKind.of(pg("08006")), "connection failure");
        assertEquals(FailureKind.TRANSIENT, FailureKind.of(new CompletionException(new io.vertx.core.impl.NoStackTraceThrowable("Pool closed"))),
                "the pool closed as the service stops");
        assertEquals(FailureKind.TRANSIENT, FailureKind.of(new OptimisticLockException("changed meanwhile")));
        assertEquals(FailureKind.TRANSIENT, FailureKind.of(new IllegalStateException("HR000: Unable to open a connection to the database")));
    }

    @Test
    void anythingElseIsAnErrorThatGetsAFewAttempts() {
        assertEquals(FailureKind.ERROR, FailureKind.of(new NullPointerException()));
        assertEquals(FailureKind.ERROR, FailureKind.of(new IllegalStateException("a bug")));
        assertEquals(FailureKind.ERROR, FailureKind.of(pg("42703")), "undefined column: our SQL, not the data");
    }

    @Test
    void poisonAmongTheFailuresOfACompositeWins() {
        assertEquals(FailureKind.POISON, FailureKind.of(new CompositeException(new ConnectException("refused"), pg("23503"))));
        assertEquals(FailureKind.TRANSIENT, FailureKind.of(new CompositeException(new IllegalStateException("bug"), new ConnectException("x"))));
    }

    private static PgException pg(String state) {
        return new PgException("refused", "ERROR", state, null);
    }
}
