package io.madoguchi.bench;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * What autovacuum does for the services in production, done by the benchmark where the server has it off (as on the
 * build machine): without it the tables of a run are never analyzed, the planner knows nothing of their size, and a
 * statement for a batch of keys ({@code = ANY($1)}, a join with {@code unnest}) reads whole tables instead of their
 * indexes; nor are the dead rows of updates cleared. Runs {@code VACUUM (ANALYZE)} on each service's database every
 * {@value #EVERY_SECONDS} s, throttled as autovacuum is by default (a 2 ms pause per 200 cost units): unthrottled, it
 * competes with the services' commits for the disk as autovacuum never would.
 */
final class Autovacuum implements AutoCloseable {

    static final int EVERY_SECONDS = 30;

    private final List<Connection> databases;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "bench-autovacuum");
        thread.setDaemon(true);
        return thread;
    });
    private volatile int runs;

    private Autovacuum(List<Connection> databases) {
        this.databases = databases;
    }

    /** @return null where the server runs autovacuum itself */
    static Autovacuum emulatedIfOff(Connection server, List<Connection> databases) throws SQLException {
        try (Statement s = server.createStatement(); ResultSet r = s.executeQuery("SHOW autovacuum")) {
            r.next();
            if (!"off".equals(r.getString(1))) {
                databases.forEach(Autovacuum::closeQuietly);
                return null;
            }
        }
        Autovacuum autovacuum = new Autovacuum(new ArrayList<>(databases));
        autovacuum.timer.scheduleWithFixedDelay(autovacuum::run, EVERY_SECONDS, EVERY_SECONDS, TimeUnit.SECONDS);
        return autovacuum;
    }

    int runs() {
        return runs;
    }

    private void run() {
        for (Connection db : databases) {
            try (Statement s = db.createStatement()) {
                s.execute("SET vacuum_cost_delay = '2ms'");
                s.execute("SET vacuum_cost_limit = 200");
                s.execute("VACUUM (ANALYZE)");
            } catch (SQLException e) {
                System.err.println("VACUUM (ANALYZE) failed: " + e.getMessage());
            }
        }
        runs++;
    }

    @Override
    public void close() {
        timer.shutdownNow();
        databases.forEach(Autovacuum::closeQuietly);
    }

    private static void closeQuietly(Connection db) {
        try {
            db.close();
        } catch (SQLException e) {
            // the run is over
        }
    }
}
