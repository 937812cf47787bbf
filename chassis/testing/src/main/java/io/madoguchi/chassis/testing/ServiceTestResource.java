package io.madoguchi.chassis.testing;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

import io.madoguchi.infra.DevTokens;
import io.madoguchi.infra.KafkaBroker;
import io.madoguchi.infra.PostgresServer;
import io.madoguchi.infra.TcpProxy;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Real infrastructure for a service's tests: a Kafka broker (container, {@code KAFKA_BOOTSTRAP}, or in this JVM) with
 * the project's topics, a freshly created PostgreSQL database reached through a proxy that tests can cut, and a JWT
 * signing key. A service's resource extends it with its own settings and stand-ins. One service's tests run per
 * JVM, so the state is static, for tests to reach.
 */
public abstract class ServiceTestResource implements QuarkusTestResourceLifecycleManager {

    private static KafkaBroker kafka;
    private static PostgresServer postgres;
    private static TcpProxy databaseProxy;
    private static String database;
    private static DevTokens tokens;

    private final String databaseName;

    /** @param databaseName the prefix of the fresh database's name, e.g. {@code ticket_test} */
    protected ServiceTestResource(String databaseName) {
        this.databaseName = databaseName;
    }

    @Override
    public final Map<String, String> start() {
        kafka = KafkaBroker.forTests();
        kafka.createTopics(3);
        postgres = PostgresServer.forTests();
        database = postgres.createFreshDatabase(databaseName);
        databaseProxy = new TcpProxy(postgres.host(), postgres.port());
        tokens = DevTokens.generate();
        Map<String, String> config = new HashMap<>();
        config.put("kafka.bootstrap.servers", kafka.bootstrapServers());
        config.put("quarkus.datasource.jdbc.url", postgres.jdbcUrl(database));
        config.put("quarkus.datasource.reactive.url", "postgresql://127.0.0.1:" + databaseProxy.port() + "/" + database);
        config.put("quarkus.datasource.username", postgres.user());
        config.put("quarkus.datasource.password", postgres.password() == null ? "" : postgres.password());
        config.put("mp.jwt.verify.publickey", tokens.publicKeyPem());
        config.put("mp.jwt.verify.issuer", DevTokens.ISSUER);
        config.put("madoguchi.outbox.poll-interval", "200ms");
        // an unexpected error is dead-lettered after three attempts, so that tests of it do not wait long
        config.put("madoguchi.consumer.max-attempts", "3");
        config.putAll(serviceConfig());
        return config;
    }

    /** The service's own settings and stand-ins, started here; they override the common ones. */
    protected abstract Map<String, String> serviceConfig();

    @Override
    public final void stop() {
        stopStandIns();
        databaseProxy.close();
        postgres.dropDatabase(database);
        postgres.close();
        kafka.close();
    }

    /** Stops what {@link #serviceConfig()} started. */
    protected void stopStandIns() {
    }

    public static String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    public static TcpProxy databaseProxy() {
        return databaseProxy;
    }

    public static Connection database() throws SQLException {
        return postgres.connect(database);
    }

    public static DevTokens tokens() {
        return tokens;
    }
}
