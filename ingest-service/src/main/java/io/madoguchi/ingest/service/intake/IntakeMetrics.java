package io.madoguchi.ingest.service.intake;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

/** Counts what the door let in and what it turned away, by channel and reason, for {@code /q/metrics}. */
@ApplicationScoped
public class IntakeMetrics {

    private final MeterRegistry registry;

    public IntakeMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** @param outcome published, pending, failed, automated, deflected, duplicate or ignored */
    public void accepted(String channel, String outcome) {
        Counter.builder("madoguchi.intake.accepted").description("Payloads acknowledged, by channel and outcome")
                .tag("channel", channel).tag("outcome", outcome).register(registry).increment();
    }

    /** @param reason signature, stale-timestamp, malformed, invalid, too-large, unknown-source, unauthorized, rate-limited */
    public void rejected(String channel, String reason) {
        Counter.builder("madoguchi.intake.rejected").description("Payloads refused at the door, by channel and reason")
                .tag("channel", channel).tag("reason", reason).register(registry).increment();
    }
}
