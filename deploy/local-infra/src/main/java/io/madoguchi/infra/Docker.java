package io.madoguchi.infra;

import org.testcontainers.DockerClientFactory;

/** Whether a Docker engine answers; without one Testcontainers says so quickly, without hanging. */
public final class Docker {

    private static volatile Boolean available;

    private Docker() {
    }

    public static boolean available() {
        if (available == null) {
            boolean answer;
            if ("false".equalsIgnoreCase(System.getenv("MADOGUCHI_USE_DOCKER"))) {
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
}
