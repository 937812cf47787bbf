package io.madoguchi.chassis.rest;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ConnectException;
import java.util.concurrent.CompletionException;

import org.hibernate.HibernateException;
import org.junit.jupiter.api.Test;

import io.vertx.sqlclient.ClosedConnectionException;

class ProblemMappersTest {

    @Test
    void noConnectionMeansNothingWasStored() {
        Throwable refused = new CompletionException(new ConnectException("Connection refused"));
        assertTrue(ProblemMappers.databaseUnreachable(refused));
        assertFalse(ProblemMappers.databaseConnectionLost(refused));
        assertTrue(ProblemMappers.databaseUnreachable(new HibernateException("HR000092: Unable to open a connection to the database")));
    }

    @Test
    void aConnectionLostUnderTheCommitIsNotCalledNothingStored() {
        // what Hibernate Reactive hands on when the commit's answer never came back
        Throwable lost = new CompletionException(ClosedConnectionException.INSTANCE);
        assertFalse(ProblemMappers.databaseUnreachable(lost), "the commit may have landed");
        assertTrue(ProblemMappers.databaseConnectionLost(lost));
        assertFalse(ProblemMappers.databaseConnectionLost(new IllegalStateException("a bug")));
    }
}
