package io.madoguchi.ingest.rest;

import io.madoguchi.chassis.rest.RefusalCounter;
import io.madoguchi.ingest.service.intake.IntakeMetrics;
import jakarta.enterprise.context.ApplicationScoped;

/** Counts the requests the chassis' problem mappers refuse in {@code madoguchi_intake_rejected_total}, by channel and reason. */
@ApplicationScoped
public class IntakeRefusals implements RefusalCounter {

    private final IntakeMetrics metrics;

    public IntakeRefusals(IntakeMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void refused(String path, int status, String reason) {
        metrics.rejected(IntakeChannel.of(path), reason != null ? reason : IntakeChannel.reasonFor(status));
    }
}
