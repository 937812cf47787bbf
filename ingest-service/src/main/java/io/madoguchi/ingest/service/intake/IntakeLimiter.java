package io.madoguchi.ingest.service.intake;

import java.util.concurrent.Semaphore;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Sheds load before it becomes memory: past {@code madoguchi.intake.max-in-flight} accepts waiting for the
 * database, a new payload is refused at once (503, Retry-After) instead of queued. A refused payload was never
 * acknowledged, so the sender retries it; nothing acknowledged is at risk.
 */
@ApplicationScoped
public class IntakeLimiter {

    private final Semaphore permits;
    private final int maxInFlight;

    public IntakeLimiter(@ConfigProperty(name = "madoguchi.intake.max-in-flight", defaultValue = "256") int maxInFlight,
            MeterRegistry registry) {
        this.maxInFlight = maxInFlight;
        this.permits = new Semaphore(maxInFlight);
        Gauge.builder("madoguchi.intake.in.flight", this, limiter -> limiter.maxInFlight - limiter.permits.availablePermits())
                .description("Accepts in progress (payloads received, not yet committed)").register(registry);
    }

    boolean tryAcquire() {
        return permits.tryAcquire();
    }

    void release() {
        permits.release();
    }

    /** Refused: too many accepts in progress. */
    public static class Overloaded extends RuntimeException {
        public Overloaded() {
            super("ingest is at its limit of accepts in progress; retry shortly", null, false, false);
        }
    }
}
