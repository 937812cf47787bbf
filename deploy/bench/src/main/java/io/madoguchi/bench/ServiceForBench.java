package io.madoguchi.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import io.madoguchi.infra.DevTokens;
import io.madoguchi.infra.KafkaBroker;
import io.madoguchi.infra.PostgresServer;
import io.madoguchi.infra.ServiceProcess;

/** One packaged service alone, on a database and broker of a benchmark's own, on a free port. */
final class ServiceForBench {

    private ServiceForBench() {
    }

    /** Not started yet; {@code settings} are environment variables on top of the connection and token ones. */
    static ServiceProcess of(String service, Path root, PostgresServer postgres, String database, KafkaBroker kafka, DevTokens tokens,
            Map<String, String> settings, String logName) throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Map<String, String> env = new HashMap<>(Map.of(
                "QUARKUS_DATASOURCE_JDBC_URL", postgres.jdbcUrl(database),
                "QUARKUS_DATASOURCE_REACTIVE_URL", postgres.reactiveUrl(database),
                "QUARKUS_DATASOURCE_USERNAME", postgres.user(),
                "QUARKUS_DATASOURCE_PASSWORD", postgres.password() == null ? "" : postgres.password(),
                "KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                "MP_JWT_VERIFY_PUBLICKEY", tokens.publicKeyPem(),
                "MP_JWT_VERIFY_ISSUER", DevTokens.ISSUER,
                "QUARKUS_LOG_CONSOLE_JSON_ENABLED", "false",
                // the pages' sessions are signed with it; the benchmarks call the API with bearer tokens
                "MADOGUCHI_SIGN_IN_SESSION_SECRET", java.util.UUID.randomUUID() + "-" + java.util.UUID.randomUUID()));
        env.putAll(settings);
        return new ServiceProcess(service, root.resolve(service + "/target/quarkus-app/quarkus-run.jar"), port, env,
                root.resolve("target/bench/" + logName));
    }
}
