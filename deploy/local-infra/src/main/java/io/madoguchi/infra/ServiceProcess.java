package io.madoguchi.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * One packaged Quarkus service ({@code target/quarkus-app/quarkus-run.jar}) running as its own process, with the
 * class-data archive beside it ({@code app-cds.jsa}, from a build with {@code -Dquarkus.package.jar.appcds.enabled=true})
 * when there is one: it starts faster.
 */
public final class ServiceProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** Replaces {@link #DEFAULT_JVM_OPTIONS}, from the service's environment or the launcher's. */
    public static final String JVM_OPTIONS = "MADOGUCHI_SERVICE_JVM_OPTIONS";
    /**
     * Chosen by the end-to-end benchmark (docs/benchmarks.md): SerialGC and a capped code cache take 60–100 MB off
     * each service's resident memory against G1 with the same heap, at the same throughput on two cores. A fixed
     * 96 MB young generation and a 192 MB starting heap: from 64 MB, the heap never grew (a full collection left just
     * the 40 % free that stops it growing), so under load a young collection ran every tenth of a second and a full one
     * every few seconds, a quarter of the services' CPU.
     */
    public static final String DEFAULT_JVM_OPTIONS = "-Xms192m -Xmx256m -Xmn96m -XX:+UseSerialGC -XX:ReservedCodeCacheSize=64m -Xss512k";

    private static final String CLASS_ARCHIVE = "app-cds.jsa";

    private final String name;
    private final Path jar;
    private final int port;
    private final Map<String, String> environment;
    private final Path logFile;
    private Process process;

    public ServiceProcess(String name, Path jar, int port, Map<String, String> environment, Path logFile) {
        this.name = name;
        this.jar = jar;
        this.port = port;
        this.environment = environment;
        this.logFile = logFile;
    }

    public ServiceProcess start() {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: package the services first (./mvnw package -DskipTests)");
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        String options = environment.getOrDefault(JVM_OPTIONS, System.getenv().getOrDefault(JVM_OPTIONS, DEFAULT_JVM_OPTIONS));
        Arrays.stream(options.strip().split("\\s+")).filter(flag -> !flag.isEmpty()).forEach(command::add);
        // run in the jar's folder by the names the archive was written with: the JVM refuses it for another class path
        if (Files.isRegularFile(jar.resolveSibling(CLASS_ARCHIVE))) {
            command.add("-XX:SharedArchiveFile=" + CLASS_ARCHIVE);
        }
        command.addAll(List.of("-jar", jar.getFileName().toString()));
        ProcessBuilder builder = new ProcessBuilder(command).directory(jar.toAbsolutePath().getParent().toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        // glibc's malloc keeps an arena per thread that allocated; two hold the JVM's native allocations as well
        builder.environment().put("MALLOC_ARENA_MAX", "2");
        builder.environment().putAll(environment);
        builder.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));
        try {
            Files.createDirectories(logFile.getParent());
            process = builder.start();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start " + name, e);
        }
    }

    /** Waits until {@code /q/health/ready} answers 200. */
    public void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see " + logFile);
            }
            if (readinessStatus() == 200) {
                return;
            }
            sleep(200);
        }
        throw new IllegalStateException(name + " was not ready within " + timeout + "; see " + logFile);
    }

    /** The HTTP status of {@code /q/health/ready}, or -1 if nothing answers. */
    public int readinessStatus() {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url() + "/q/health/ready")).timeout(Duration.ofSeconds(2)).build();
            return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    public String name() {
        return name;
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public Path logFile() {
        return logFile;
    }

    /** The operating system's process id, for measuring its memory and CPU. */
    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** SIGSTOP: the process freezes, as a stalled VM or a long GC pause would. */
    public void pause() {
        signal("STOP");
    }

    /** SIGCONT after {@link #pause()}. */
    public void resume() {
        signal("CONT");
    }

    private void signal(String signal) {
        try {
            int exit = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start().waitFor();
            if (exit != 0) {
                throw new IllegalStateException("kill -" + signal + " " + name + " failed: " + exit);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** SIGKILL, for fault injection: no shutdown hooks, no draining. */
    public void kill() {
        ChildProcesses.kill(process);
    }

    /** SIGTERM without waiting: the service begins its graceful shutdown. */
    public void requestStop() {
        if (process != null && process.isAlive()) {
            process.destroy();
        }
    }

    /** SIGTERM and a grace period (the service drains in-flight work), then SIGKILL. */
    @Override
    public void close() {
        ChildProcesses.stop(process, Duration.ofSeconds(30));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
