package io.madoguchi.ingest;

import java.util.Map;

import io.madoguchi.infra.KafkaBroker;
import io.madoguchi.infra.PostgresServer;
import io.madoguchi.infra.TcpProxy;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Real infrastructure for ingest-service's tests: a Kafka broker (container, KAFKA_BOOTSTRAP, or in this
 * JVM) and a freshly created PostgreSQL database, reached through a proxy that tests can cut.
 */
public class IngestTestResource implements QuarkusTestResourceLifecycleManager {

    private static KafkaBroker kafka;
    private static PostgresServer postgres;
    private static TcpProxy databaseProxy;
    private static String database;

    @Override
    public Map<String, String> start() {
        kafka = KafkaBroker.forTests();
        kafka.createTopics(3);
        postgres = PostgresServer.forTests();
        database = postgres.createFreshDatabase("ingest_test");
        databaseProxy = new TcpProxy(postgres.host(), postgres.port());
        return Map.of(
                "kafka.bootstrap.servers", kafka.bootstrapServers(),
                "quarkus.datasource.jdbc.url", postgres.jdbcUrl(database),
                "quarkus.datasource.reactive.url", "postgresql://127.0.0.1:" + databaseProxy.port() + "/" + database,
                "quarkus.datasource.username", postgres.user(),
                "quarkus.datasource.password", postgres.password() == null ? "" : postgres.password(),
                "madoguchi.outbox.poll-interval", "200ms");
    }

    @Override
    public void stop() {
        databaseProxy.close();
        postgres.dropDatabase(database);
        postgres.close();
        kafka.close();
    }

    public static String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    public static TcpProxy databaseProxy() {
        return databaseProxy;
    }

    public static java.sql.Connection database() throws java.sql.SQLException {
        return postgres.connect(database);
    }
}
