package io.madoguchi.ticket.messaging;

import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

import org.hibernate.JDBCException;
import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.pgclient.PgException;

/**
 * Consumers retry what may pass later (database or network down) for as long as it takes, holding the
 * partition so order is kept; what can never pass (bad data, a violated constraint) is poison.
 */
final class Retries {

    private static final Logger LOG = Logger.getLogger(Retries.class);

    private Retries() {
    }

    /**
     * @param context the Vert.x context the records came on, taken when the consumer received them: Hibernate Reactive
     *                must run there, also when a retry fires from a timer or the work follows a Kafka producer's callback
     */
    static <T> Uni<T> untilDone(String what, Context context, Supplier<Uni<? extends T>> work) {
        Executor onContext = context == null ? Runnable::run : task -> context.runOnContext(ignored -> task.run());
        return Uni.createFrom().deferred(work)
                .runSubscriptionOn(onContext)
                .onFailure(Retries::isPermanent).transform(e -> e instanceof PoisonMessageException
                        ? e : new PoisonMessageException("rejected by the database: " + e.getMessage(), e))
                .onFailure(e -> !(e instanceof PoisonMessageException)).invoke(e -> LOG.warnf("%s failed, retrying: %s", what, e.toString()))
                .onFailure(e -> !(e instanceof PoisonMessageException)).retry()
                .withBackOff(Duration.ofMillis(200), Duration.ofSeconds(10)).indefinitely();
    }

    private static boolean isPermanent(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof PoisonMessageException) {
                return true;
            }
            // SQLSTATE class 22 (data exception) and 23 (integrity constraint violation) never pass on retry;
            // Hibernate Reactive reports them as a JDBCException carrying the state, Vert.x as a PgException
            String state = t instanceof PgException pg ? pg.getSqlState()
                    : t instanceof JDBCException jdbc ? jdbc.getSQLState()
                    : t instanceof SQLException sql ? sql.getSQLState() : null;
            if (state != null && (state.startsWith("22") || state.startsWith("23"))) {
                return true;
            }
        }
        return false;
    }
}
