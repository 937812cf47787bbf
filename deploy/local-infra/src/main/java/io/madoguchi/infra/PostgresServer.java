package io.madoguchi.infra;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/** A real PostgreSQL server on which each service gets its own database. */
public interface PostgresServer extends AutoCloseable {

    String host();

    int port();

    String user();

    String password();

    @Override
    void close();

    default String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host() + ":" + port() + "/" + database;
    }

    default String reactiveUrl(String database) {
        return "postgresql://" + host() + ":" + port() + "/" + database;
    }

    /** Creates the database unless it exists. Names are ours (never user input), checked anyway. */
    default void ensureDatabase(String database) {
        if (!database.matches("[a-z][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("Not a plain database name: " + database);
        }
        try (Connection c = connect("postgres");
                PreparedStatement exists = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, database);
            try (ResultSet rs = exists.executeQuery()) {
                if (!rs.next()) {
                    try (Statement create = c.createStatement()) {
                        create.execute("CREATE DATABASE " + database);
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create database " + database + " on " + host() + ":" + port(), e);
        }
    }

    /** A database that did not exist before, for one test run: {@code <prefix>_<random>}. */
    default String createFreshDatabase(String prefix) {
        String name = prefix + "_" + KafkaProcess.randomSuffix();
        ensureDatabase(name);
        return name;
    }

    default void dropDatabase(String database) {
        try (Connection c = connect("postgres"); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        } catch (SQLException e) {
            throw new IllegalStateException("Could not drop database " + database, e);
        }
    }

    default Connection connect(String database) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", user());
        if (password() != null) {
            props.setProperty("password", password());
        }
        props.setProperty("connectTimeout", "3");
        return DriverManager.getConnection(jdbcUrl(database), props);
    }

    /** Testcontainers when Docker answers, else the server named by PG* variables if reachable, else embedded. */
    static PostgresServer forTests() {
        if (Docker.available()) {
            return ContainerPostgres.start();
        }
        ReachablePostgres reachable = ReachablePostgres.fromEnvironment();
        return reachable.isReachable() ? reachable : EmbeddedPostgresServer.start(null);
    }

    /** The reachable server, else an embedded one whose data lives in {@code dataDir} across restarts. */
    static PostgresServer forLauncher(Path dataDir) {
        ReachablePostgres reachable = ReachablePostgres.fromEnvironment();
        return reachable.isReachable() ? reachable : EmbeddedPostgresServer.start(dataDir);
    }
}
