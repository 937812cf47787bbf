package io.madoguchi.ticket;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;

import io.madoguchi.infra.DevTokens;
import io.madoguchi.infra.KafkaBroker;
import io.madoguchi.infra.PostgresServer;
import io.madoguchi.infra.TcpProxy;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Real infrastructure for ticket-service's tests: a Kafka broker (container, KAFKA_BOOTSTRAP, or in this
 * JVM), a freshly created PostgreSQL database behind a proxy tests can cut, and a JWT signing key.
 */
public class TicketTestResource implements QuarkusTestResourceLifecycleManager {

    private static KafkaBroker kafka;
    private static PostgresServer postgres;
    private static TcpProxy databaseProxy;
    private static String database;
    private static DevTokens tokens;

    @Override
    public Map<String, String> start() {
        kafka = KafkaBroker.forTests();
        kafka.createTopics(3);
        postgres = PostgresServer.forTests();
        database = postgres.createFreshDatabase("ticket_test");
        databaseProxy = new TcpProxy(postgres.host(), postgres.port());
        tokens = DevTokens.generate();
        return Map.of(
                "kafka.bootstrap.servers", kafka.bootstrapServers(),
                "quarkus.datasource.jdbc.url", postgres.jdbcUrl(database),
                "quarkus.datasource.reactive.url", "postgresql://127.0.0.1:" + databaseProxy.port() + "/" + database,
                "quarkus.datasource.username", postgres.user(),
                "quarkus.datasource.password", postgres.password() == null ? "" : postgres.password(),
                "mp.jwt.verify.publickey", tokens.publicKeyPem(),
                "mp.jwt.verify.issuer", DevTokens.ISSUER,
                "madoguchi.outbox.poll-interval", "200ms",
                // 10 answers a second refill, so SurveyRateLimitTest's flood leaves the other tests room at once
                "madoguchi.surveys.rate-limit-per-minute", "600");
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

    public static Connection database() throws SQLException {
        return postgres.connect(database);
    }

    public static DevTokens tokens() {
        return tokens;
    }
}
