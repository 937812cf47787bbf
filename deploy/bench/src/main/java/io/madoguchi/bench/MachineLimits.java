package io.madoguchi.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.madoguchi.infra.KafkaProcess;
import io.madoguchi.infra.PostgresServer;

/**
 * What this machine can do without Madoguchi, to put its throughput in proportion: Kafka's own ProducerPerformance
 * (1 KB records, acks=all) against a broker process like the one the system runs on, and pgbench inserting one row
 * and 100 rows per transaction into the same PostgreSQL. Prints the rates and writes them as JSON.
 */
public final class MachineLimits {

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        Path root = Path.of(System.getProperty("madoguchi.root", ".")).toAbsolutePath();
        Map<String, Object> result = measure(root, seconds);
        String json = result.entrySet().stream().map(e -> "\"" + e.getKey() + "\":" + e.getValue())
                .reduce((a, b) -> a + "," + b).map(s -> "{" + s + "}").orElse("{}");
        Path out = root.resolve("target/bench/machine-limits.json");
        Files.writeString(out, json + "\n");
        System.out.println(json);
        System.out.println("written to " + out);
    }

    /** The three rates, keyed as in the JSON this writes; the end-to-end benchmark measures them in its own run. */
    static Map<String, Object> measure(Path root, int seconds) throws Exception {
        Path work = Files.createDirectories(root.resolve("target/bench/machine-limits-" + UUID.randomUUID().toString().substring(0, 8)));
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("kafkaProducerRecordsPerSecond", kafka(work));
        try (PostgresServer postgres = PostgresServer.forTests()) {
            String database = postgres.createFreshDatabase("bench_limits");
            try {
                result.put("pgbenchSingleRowInsertsPerSecond", pgbench(postgres, database, work, 1, seconds));
                result.put("pgbenchRowsPerSecondIn100RowInserts", pgbench(postgres, database, work, 100, seconds));
            } finally {
                postgres.dropDatabase(database);
            }
        }
        return result;
    }

    /** ProducerPerformance, 1 KB records, acks=all, 6 partitions, as fast as it goes: records/s. */
    private static double kafka(Path work) throws Exception {
        int port = freePort();
        int controller = freePort();
        try (KafkaProcess kafka = new KafkaProcess(work.resolve("kafka"), port, controller, System.getProperty("java.class.path"),
                work.resolve("kafka.log"))) {
            kafka.start(java.time.Duration.ofMinutes(1));
            kafka.createTopics(6);
            try (var admin = org.apache.kafka.clients.admin.Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
                admin.createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic("bench-limits", 6, (short) 1))).all().get();
            }
            String output = run(List.of(java(), "-Xmx512m", "-cp", System.getProperty("java.class.path"), "org.apache.kafka.tools.ProducerPerformance",
                    "--topic", "bench-limits", "--num-records", "1000000", "--record-size", "1024", "--throughput", "-1",
                    "--producer-props", "bootstrap.servers=" + kafka.bootstrapServers(), "acks=all", "linger.ms=5", "batch.size=65536"));
            Matcher m = Pattern.compile("([0-9.]+) records/sec \\([0-9.]+ MB/sec\\), [0-9.]+ ms avg latency").matcher(output);
            double rate = -1;
            while (m.find()) {
                rate = Double.parseDouble(m.group(1)); // the last line is the summary
            }
            System.out.printf("Kafka ProducerPerformance, 1 KB records, acks=all: %,.0f records/s%n", rate);
            return rate;
        }
    }

    /** pgbench inserting {@code rows} 1 KB rows per transaction, 4 clients: rows/s. */
    private static double pgbench(PostgresServer postgres, String database, Path work, int rows, int seconds) throws Exception {
        try (Connection c = postgres.connect(database); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS bench (id bigserial PRIMARY KEY, payload text NOT NULL, at timestamptz NOT NULL DEFAULT now())");
        }
        Path script = work.resolve("insert-" + rows + ".sql");
        Files.writeString(script, rows == 1 ? "INSERT INTO bench (payload) VALUES (repeat('x', 1000));\n"
                : "INSERT INTO bench (payload) SELECT repeat('x', 1000) FROM generate_series(1, " + rows + ");\n");
        List<String> command = new ArrayList<>(List.of("pgbench", "-n", "-c", "4", "-j", "2", "-T", Integer.toString(seconds), "-f", script.toString(),
                "-h", postgres.host(), "-p", Integer.toString(postgres.port()), "-U", postgres.user(), database));
        String output = run(command);
        Matcher m = Pattern.compile("tps = ([0-9.]+)").matcher(output);
        if (!m.find()) {
            throw new IllegalStateException("pgbench said:\n" + output);
        }
        double rate = Double.parseDouble(m.group(1)) * rows;
        System.out.printf("pgbench, %d-row inserts of 1 KB rows, 4 clients: %,.0f rows/s%n", rows, rate);
        return rate;
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command.subList(0, 1)) + " failed:\n" + output);
        }
        return output;
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
