package io.madoguchi.infra;

import java.nio.file.Files;
import java.nio.file.Path;

import org.testcontainers.DockerClientFactory;

/** Whether a Docker engine answers; without one Testcontainers says so quickly, without hanging. */
public final class Docker {

    private static volatile Boolean available;

    private Docker() {
    }

    public static boolean available() {
        if (available == null) {
            boolean answer;
            if ("false".equalsIgnoreCase(System.getenv("MADOGUCHI_USE_DOCKER")) || !configured()) {
                answer = false;
            } else {
                try {
                    answer = DockerClientFactory.instance().isDockerAvailable();
                } catch (Throwable e) {
                    answer = false;
                }
            }
            available = answer;
        }
        return available;
    }

    /**
     * Whether any Docker endpoint is set up where Testcontainers looks. Without one, asking Testcontainers would
     * only log an ERROR with its whole search (on every launcher start, benchmark and test run of a machine with
     * no engine) before the local fallbacks take over.
     */
    private static boolean configured() {
        String home = System.getProperty("user.home");
        return System.getenv("DOCKER_HOST") != null
                || Files.exists(Path.of("/var/run/docker.sock"))
                || Files.exists(Path.of(home, ".docker", "run", "docker.sock"))
                || Files.exists(Path.of(home, ".testcontainers.properties"));
    }
}
