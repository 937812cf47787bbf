package io.madoguchi.escalation;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;

import io.madoguchi.infra.DevTokens;
import io.madoguchi.infra.KafkaBroker;
import io.madoguchi.infra.PostgresServer;
import io.madoguchi.infra.TcpProxy;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Real infrastructure for escalation-service's tests: a Kafka broker (container, KAFKA_BOOTSTRAP, or in this
 * JVM), a freshly created PostgreSQL database behind a proxy tests can cut, and a JWT signing key.
 */
public class EscalationTestResource implements QuarkusTestResourceLifecycleManager {

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
        database = postgres.createFreshDatabase("escalation_test");
        databaseProxy = new TcpProxy(postgres.host(), postgres.port());
        tokens = DevTokens.generate();
        return Map.ofEntries(
                Map.entry("kafka.bootstrap.servers", kafka.bootstrapServers()),
                Map.entry("quarkus.datasource.jdbc.url", postgres.jdbcUrl(database)),
                Map.entry("quarkus.datasource.reactive.url", "postgresql://127.0.0.1:" + databaseProxy.port() + "/" + database),
                Map.entry("quarkus.datasource.username", postgres.user()),
                Map.entry("quarkus.datasource.password", postgres.password() == null ? "" : postgres.password()),
                Map.entry("mp.jwt.verify.publickey", tokens.publicKeyPem()),
                Map.entry("mp.jwt.verify.issuer", DevTokens.ISSUER),
                Map.entry("madoguchi.outbox.poll-interval", "200ms"),
                // SLA clocks short enough to watch: "high" tickets get 3 s to a first reply, round the clock
                Map.entry("madoguchi.sla.priorities.high.first-reply", "PT3S"),
                Map.entry("madoguchi.sla.priorities.high.next-reply", "PT3S"),
                Map.entry("madoguchi.sla.priorities.high.business-hours", "false"),
                Map.entry("madoguchi.sla.timer-interval", "100ms"),
                // a next-reply breach goes to whoever is on call for dev-oncall-sla
                Map.entry("madoguchi.sla.on-breach.next-reply.queue", "dev-oncall-sla"),
                Map.entry("madoguchi.sla.on-breach.next-reply.notify-on-call", "true"),
                // normal tickets routed to vip-sla get 2 s to a first reply; elsewhere 8 business hours
                Map.entry("madoguchi.sla.queues.vip-sla.priorities.normal.first-reply", "PT2S"),
                Map.entry("madoguchi.sla.queues.vip-sla.priorities.normal.business-hours", "false"));
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
