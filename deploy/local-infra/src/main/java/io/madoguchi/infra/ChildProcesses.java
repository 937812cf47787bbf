package io.madoguchi.infra;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Ending the processes the local system starts: as a crash (SIGKILL) or as Kubernetes stops a pod. */
final class ChildProcesses {

    private ChildProcesses() {
    }

    /** SIGKILL, and wait until it is gone: no shutdown hooks, no draining. */
    static void kill(Process process) {
        if (process != null) {
            process.destroyForcibly();
            waitFor(process, Duration.ofSeconds(10));
        }
    }

    /** SIGTERM, then SIGKILL when it has not ended within the grace period. */
    static void stop(Process process, Duration grace) {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!waitFor(process, grace)) {
                kill(process);
            }
        }
    }

    private static boolean waitFor(Process process, Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
