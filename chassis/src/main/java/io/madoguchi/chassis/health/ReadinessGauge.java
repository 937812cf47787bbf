package io.madoguchi.chassis.health;

import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.health.SmallRyeHealthReporter;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The service's readiness (/q/health/ready) as a metric, 1 ready and 0 not, so that an alert can say which service
 * is not ready and since when: Prometheus keeps scraping a pod that is not ready, while the readiness probe's verdict
 * is kept by nothing but the kubelet.
 */
@ApplicationScoped
public class ReadinessGauge {

    private final SmallRyeHealthReporter reporter;
    private final AtomicInteger ready = new AtomicInteger();

    public ReadinessGauge(SmallRyeHealthReporter reporter, MeterRegistry registry) {
        this.reporter = reporter;
        Gauge.builder("madoguchi.ready", ready, AtomicInteger::get)
                .description("1 while the service's readiness checks (database, Kafka) are up, else 0").register(registry);
    }

    // a blocking method: the scheduler runs it on a worker thread, where waiting on the checks is allowed
    @Scheduled(every = "${madoguchi.readiness-gauge-interval:10s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void measure() {
        boolean up;
        try {
            up = !reporter.getReadiness().isDown();
        } catch (RuntimeException e) { // checks that cannot even run (the service stopping) are not ready
            up = false;
        }
        ready.set(up ? 1 : 0);
    }
}
