package io.madoguchi.launcher;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import io.madoguchi.infra.LocalSystem;

/**
 * Starts Madoguchi locally (Kafka, PostgreSQL, four services), prints where everything is, and keeps
 * running until Ctrl-C, which stops all it started. Data lives under {@code .local/} across restarts.
 */
public final class Launcher {

    private Launcher() {
    }

    public static void main(String[] args) throws InterruptedException {
        Path root = Path.of(System.getProperty("madoguchi.root", ".")).toAbsolutePath().normalize();
        Path home = Path.of(System.getProperty("madoguchi.home", root.resolve(".local").toString())).toAbsolutePath();
        long begin = System.nanoTime();
        LocalSystem system = new LocalSystem(root, home, LocalSystem.Ports.standard(),
                System.getProperty("java.class.path"), "madoguchi", false);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\nStopping Madoguchi...");
            system.close();
            System.out.println("Stopped.");
        }, "madoguchi-stop"));
        List<String> skipped = Arrays.stream(System.getenv().getOrDefault("MADOGUCHI_SKIP", "").split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).toList();
        System.out.println("Starting Kafka, PostgreSQL and the services (logs in " + system.logs() + ")"
                + (skipped.isEmpty() ? "" : ", except " + skipped) + "...");
        system.start(Duration.ofMinutes(3), skipped);
        double seconds = (System.nanoTime() - begin) / 1e9;
        String agentToken = system.tokens().mint("local-agent", Set.of("agent", "admin"), Duration.ofHours(12));
        System.out.printf("""

                Madoguchi is up (%.1f s).
                  Kafka             %s
                  PostgreSQL        %s:%d (databases madoguchi_ingest, _ticket, _escalation, _analytics)
                  ingest-service    %s   (API key in %s)
                  ticket-service    %s
                  escalation-service %s
                  analytics-service %s
                  logs              %s

                Send a first inquiry:
                  curl -s -X POST %s/api/v1/inquiries -H 'Content-Type: application/json' \\
                    -H 'X-Api-Key: %s' \\
                    -d '{"channel":"api","requester":{"email":"hanako@example.jp","name":"Hanako"},"subject":"Invoice","body":"Where is my invoice?"}'
                or open the public web form at %s/form (signed webhooks: see ingest-service/README.md).

                Read tickets and stats with this agent token (valid 12 h; mint more with deploy/token.sh):
                  export TOKEN=%s
                  curl -s -H "Authorization: Bearer $TOKEN" %s/api/v1/tickets/<ticketId>
                  curl -s -H "Authorization: Bearer $TOKEN" %s/api/v1/stats/summary

                Ctrl-C stops everything.
                """, seconds, system.kafka().bootstrapServers(), system.postgres().host(), system.postgres().port(),
                url(system, "ingest-service"), home.resolve("keys/ingest-api-key"),
                url(system, "ticket-service"), url(system, "escalation-service"),
                url(system, "analytics-service"), system.logs(),
                url(system, "ingest-service"), system.ingestApiKey(), url(system, "ingest-service"), agentToken,
                url(system, "ticket-service"), url(system, "analytics-service"));
        Thread.currentThread().join();
    }

    /** Skipped services run elsewhere (dev mode) on their standard port. */
    private static String url(LocalSystem system, String service) {
        return system.service(service) != null ? system.service(service).url()
                : "http://127.0.0.1:" + LocalSystem.Ports.standard().services().get(service) + " (not started here)";
    }
}
