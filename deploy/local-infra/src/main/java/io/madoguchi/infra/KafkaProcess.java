package io.madoguchi.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * A single-node KRaft broker in its own JVM, started from the Kafka jars on the given class path.
 * Its data directory is formatted once and reused, so topics and offsets survive a restart.
 */
public final class KafkaProcess implements KafkaBroker {

    private final Path dataDir;
    private final int port;
    private final int controllerPort;
    private final String classpath;
    private final Path logFile;
    private Process process;
    private int partitionablePort;
    private TcpProxy partitionProxy;

    public KafkaProcess(Path dataDir, int port, int controllerPort, String classpath, Path logFile) {
        this.dataDir = dataDir;
        this.port = port;
        this.controllerPort = controllerPort;
        this.classpath = classpath;
        this.logFile = logFile;
    }

    /**
     * Adds a second listener that clients reach only through a proxy a test can cut: a client bootstrapped from
     * {@link #partitionableBootstrapServers()} is told the proxy's address for every later connection, so cutting it
     * parts that client from the broker while every other client and the broker itself go on. Call before the start.
     */
    public KafkaProcess withPartitionableListener() {
        partitionablePort = LocalSystem.freePort();
        partitionProxy = new TcpProxy("127.0.0.1", partitionablePort);
        return this;
    }

    public String partitionableBootstrapServers() {
        return "127.0.0.1:" + partitionProxy.port();
    }

    /** Drops the partitionable listener's connections and refuses new ones until {@link #heal()}. */
    public void partition() {
        partitionProxy.cut();
    }

    public void heal() {
        partitionProxy.restore();
    }

    public KafkaProcess start(Duration timeout) {
        try {
            Files.createDirectories(dataDir);
            Path config = writeConfig();
            if (!Files.exists(dataDir.resolve("logs").resolve("meta.properties"))) {
                Process format = java("kafka.tools.StorageTool", "format", "-t", clusterId(), "-c", config.toString())
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                        .start();
                if (!format.waitFor(60, TimeUnit.SECONDS) || format.exitValue() != 0) {
                    throw new IllegalStateException("Formatting the Kafka storage failed; see " + logFile);
                }
            }
            process = java("kafka.Kafka", config.toString())
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .start();
            awaitReady(timeout);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private ProcessBuilder java(String mainClass, String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms256m", "-Xmx512m", "-XX:+UseG1GC", "-cp", classpath, mainClass));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true);
    }

    private String clusterId() throws IOException {
        Path idFile = dataDir.resolve("cluster.id");
        if (!Files.exists(idFile)) {
            String id = org.apache.kafka.common.Uuid.randomUuid().toString();
            Files.writeString(idFile, id);
        }
        return Files.readString(idFile).trim();
    }

    private Path writeConfig() throws IOException {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("process.roles", "broker,controller");
        props.put("node.id", "1");
        props.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        props.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort
                + (partitionProxy == null ? "" : ",PARTITIONABLE://127.0.0.1:" + partitionablePort));
        props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port
                + (partitionProxy == null ? "" : ",PARTITIONABLE://127.0.0.1:" + partitionProxy.port()));
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("controller.listener.names", "CONTROLLER");
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT,PARTITIONABLE:PLAINTEXT");
        props.put("log.dirs", dataDir.resolve("logs").toString());
        props.putAll(KafkaBroker.singleNodeSettings());
        Path config = dataDir.resolve("server.properties");
        Files.writeString(config, props.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("\n", "", "\n")));
        return config;
    }

    private void awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "2000");
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "2000");
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Kafka exited with " + process.exitValue() + "; see " + logFile);
            }
            if (!accepting()) {
                Thread.sleep(200);
                continue;
            }
            try (Admin admin = Admin.create(props)) {
                admin.describeCluster().nodes().get(2, TimeUnit.SECONDS);
                return;
            } catch (Exception notYet) {
                Thread.sleep(250);
            }
        }
        throw new IllegalStateException("Kafka was not ready within " + timeout + "; see " + logFile);
    }

    private boolean accepting() {
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** SIGKILL, for fault injection; {@link #start(Duration)} brings the broker back on the same data. */
    public void kill() {
        ChildProcesses.kill(process);
    }

    /** The operating system's process id, for measuring its memory and CPU. */
    public long pid() {
        return process.pid();
    }

    @Override
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** Stops the broker the way Kubernetes would: SIGTERM, then SIGKILL after a grace period. */
    @Override
    public void close() {
        ChildProcesses.stop(process, Duration.ofSeconds(30));
        if (partitionProxy != null) {
            partitionProxy.close();
        }
    }

    static String randomSuffix() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    }
}
