package io.madoguchi.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A real OpenID Connect provider for the sign-in tests: Keycloak's distribution (Maven Central's
 * {@code org.keycloak:keycloak-quarkus-dist}, unpacked by the build) in dev mode, as a process, with one realm imported
 * from a file. Keycloak 26 needs Java 21 or later: the JDK named by {@code KEYCLOAK_JAVA_HOME}, else the newest one of
 * 21+ under /usr/lib/jvm, else this JVM if it is one.
 */
public final class KeycloakServer implements AutoCloseable {

    private final Path home;
    private final int port;
    private final Path logFile;
    private Process process;

    /** @param home the unpacked distribution (holding bin/kc.sh) */
    public KeycloakServer(Path home, int port, Path logFile) {
        this.home = home.toAbsolutePath();
        this.port = port;
        this.logFile = logFile.toAbsolutePath();
    }

    public static int freePort() {
        return LocalSystem.freePort();
    }

    /** Starts Keycloak with the realm of {@code realmFile} imported, and waits until the realm's discovery document answers. */
    public KeycloakServer start(Path realmFile, String realm, Duration timeout) {
        Path kc = home.resolve("bin/kc.sh");
        if (!Files.isExecutable(kc)) {
            throw new IllegalStateException("No Keycloak distribution at " + home + ": the build unpacks org.keycloak:keycloak-quarkus-dist there");
        }
        try {
            Path imports = home.resolve("data/import");
            Files.createDirectories(imports);
            Files.copy(realmFile, imports.resolve(realm + "-realm.json"), StandardCopyOption.REPLACE_EXISTING);
            Files.createDirectories(logFile.getParent());
            ProcessBuilder builder = new ProcessBuilder(kc.toString(), "start-dev", "--http-port=" + port, "--http-host=127.0.0.1",
                    "--hostname-strict=false", "--import-realm", "--cache=local", "--health-enabled=false", "--metrics-enabled=false")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
            builder.environment().put("JAVA_HOME", javaHome().toString());
            builder.environment().put("JAVA_OPTS_KC_HEAP", "-Xms64m -Xmx512m");
            // jboss-threads resets thread locals through java.lang internals, closed by default from Java 24 on: without
            // this a worker thread fails and requests hang. The client compiler alone: a test's Keycloak lives a minute,
            // and starts sooner without the optimizing compiler's work (37 → 31 s for ticket-service's sign-in test)
            builder.environment().put("JAVA_OPTS_APPEND", "--add-opens=java.base/java.lang=ALL-UNNAMED -XX:TieredStopAtLevel=1");
            builder.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", "admin");
            builder.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", java.util.UUID.randomUUID().toString());
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start Keycloak", e);
        }
        awaitRealm(realm, timeout);
        return this;
    }

    /** The issuer of a realm, as clients name it ({@code quarkus.oidc.auth-server-url}). */
    public String issuer(String realm) {
        return "http://localhost:" + port + "/realms/" + realm;
    }

    private void awaitRealm(String realm, Duration timeout) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest discovery = HttpRequest.newBuilder(URI.create(issuer(realm) + "/.well-known/openid-configuration"))
                .timeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Keycloak exited with " + process.exitValue() + "; see " + logFile);
            }
            try {
                if (http.send(discovery, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("Keycloak's realm " + realm + " did not answer within " + timeout + "; see " + logFile);
    }

    static Path javaHome() {
        Optional<Path> named = Optional.ofNullable(System.getenv("KEYCLOAK_JAVA_HOME")).map(Path::of);
        if (named.isPresent()) {
            return named.get();
        }
        Path jvms = Path.of("/usr/lib/jvm");
        if (Files.isDirectory(jvms)) {
            try (Stream<Path> homes = Files.list(jvms)) {
                Optional<Path> newest = homes.filter(h -> Files.isExecutable(h.resolve("bin/java")) && feature(h) >= 21)
                        .max(Comparator.comparingInt(KeycloakServer::feature));
                if (newest.isPresent()) {
                    return newest.get();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        if (Runtime.version().feature() >= 21) {
            return Path.of(System.getProperty("java.home"));
        }
        throw new IllegalStateException("Keycloak needs Java 21 or later: set KEYCLOAK_JAVA_HOME to such a JDK");
    }

    /** The Java feature version a JDK's release file names, 0 if unknown. */
    private static int feature(Path jdk) {
        try (Stream<String> lines = Files.lines(jdk.resolve("release"))) {
            return lines.filter(l -> l.startsWith("JAVA_VERSION=")).findFirst()
                    .map(l -> l.replaceAll("JAVA_VERSION=\"?(1\\.)?(\\d+).*", "$2")).map(Integer::parseInt).orElse(0);
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
    }

    @Override
    public void close() {
        if (process != null) {
            var children = process.descendants().toList();
            ChildProcesses.stop(process, Duration.ofSeconds(10));
            children.forEach(ProcessHandle::destroyForcibly);
        }
    }
}
