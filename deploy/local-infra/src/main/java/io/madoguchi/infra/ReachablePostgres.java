package io.madoguchi.infra;

import java.sql.Connection;
import java.sql.SQLException;

/** A PostgreSQL server already running, named by the libpq variables PGHOST, PGPORT, PGUSER, PGPASSWORD. */
public record ReachablePostgres(String host, int port, String user, String password) implements PostgresServer {

    public static ReachablePostgres fromEnvironment() {
        return new ReachablePostgres(
                env("PGHOST", "127.0.0.1"),
                Integer.parseInt(env("PGPORT", "5432")),
                env("PGUSER", "postgres"),
                System.getenv("PGPASSWORD"));
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() || value.startsWith("/") ? fallback : value;
    }

    public boolean isReachable() {
        try (Connection c = connect("postgres")) {
            return c.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    @Override
    public void close() {
        // not ours to stop
    }
}
