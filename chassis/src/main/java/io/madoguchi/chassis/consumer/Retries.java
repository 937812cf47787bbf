package io.madoguchi.chassis.consumer;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Runs a consumer's work until it is done or can never be: transient failures are retried for as long as they
 * last (the partitions stay held, which {@code madoguchi_consumer_partitions_held} and a WARN line per retry show),
 * poison fails at once, any other error after {@code madoguchi.consumer.max-attempts} attempts. Back-off is
 * exponential with jitter, from 200 ms to 10 s. An attempt that has not ended after
 * {@code madoguchi.consumer.attempt-timeout} is abandoned (its transaction rolls back as its session closes) and
 * counts as transient: a reactive chain that lost its completion (a callback's exception dropped by the driver) would
 * otherwise hold its partitions, and with them every later record, for good. Consumers are idempotent, so an
 * attempt that did commit before it was abandoned is skipped when tried again.
 */
@ApplicationScoped
public class Retries {

    private static final Logger LOG = Logger.getLogger(Retries.class);
    private static final long FIRST_DELAY_MS = 200;
    private static final long MAX_DELAY_MS = 10_000;

    /** The work failed for good: poison, or an error on each of the attempts allowed. */
    public static final class GaveUp extends RuntimeException {

        private final FailureKind kind;
        private final int attempts;

        GaveUp(FailureKind kind, int attempts, Throwable failure) {
            super(failure.getMessage(), failure, false, false);
            this.kind = kind;
            this.attempts = attempts;
        }

        public FailureKind kind() {
            return kind;
        }

        public int attempts() {
            return attempts;
        }

        public Throwable failure() {
            return getCause();
        }
    }

    private final int maxAttempts;
    private final Duration attemptTimeout;
    private final MeterRegistry registry;
    private final Map<TopicPartition, Integer> held = new ConcurrentHashMap<>();
    private final Set<String> gauged = ConcurrentHashMap.newKeySet();

    public Retries(@ConfigProperty(name = "madoguchi.consumer.max-attempts", defaultValue = "5") int maxAttempts,
            @ConfigProperty(name = "madoguchi.consumer.attempt-timeout", defaultValue = "PT1M") Duration attemptTimeout,
            MeterRegistry registry) {
        this.maxAttempts = Math.max(1, maxAttempts);
        this.attemptTimeout = attemptTimeout;
        this.registry = registry;
    }

    /** Attempts allowed for an error that is neither transient nor poison. */
    public int maxAttempts() {
        return maxAttempts;
    }

    /**
     * @param partitions what the work holds while it is retried
     * @param context the Vert.x context the records came on: each attempt runs on a fresh duplicate of it, also when a
     *                retry fires from a timer or the work follows a Kafka producer's callback, because Hibernate
     *                Reactive keeps its session in the context: an abandoned attempt still running must not share
     *                its session with the next
     * @param errorAttempts attempts allowed for an error that is neither transient nor poison
     * @return the work's item, or a failure {@link GaveUp}
     */
    public <T> Uni<T> untilDone(String what, Collection<TopicPartition> partitions, Context context, int errorAttempts,
            Supplier<Uni<T>> work) {
        Executor onContext = context == null ? Runnable::run : task -> freshDuplicate(context).runOnContext(ignored -> task.run());
        AtomicBoolean holding = new AtomicBoolean();
        return attempt(what, partitions, onContext, errorAttempts, work, 1, 0, holding)
                .onTermination().invoke(() -> {
                    if (holding.get()) {
                        release(partitions);
                    }
                });
    }

    private <T> Uni<T> attempt(String what, Collection<TopicPartition> partitions, Executor onContext, int errorAttempts,
            Supplier<Uni<T>> work, int attempt, int errors, AtomicBoolean holding) {
        return Uni.createFrom().deferred(work::get)
                .runSubscriptionOn(onContext)
                .ifNoItem().after(attemptTimeout).failWith(() -> new TimeoutException(what + " did not end within " + attemptTimeout))
                .onFailure().recoverWithUni(failure -> {
                    FailureKind kind = FailureKind.of(failure);
                    int errorsSoFar = kind == FailureKind.ERROR ? errors + 1 : errors;
                    if (kind == FailureKind.POISON || kind == FailureKind.ERROR && errorsSoFar >= errorAttempts) {
                        return Uni.createFrom().failure(new GaveUp(kind, attempt, failure));
                    }
                    if (holding.compareAndSet(false, true)) {
                        hold(partitions);
                    }
                    long delay = delay(attempt);
                    counter(topicOf(partitions), kind).increment();
                    LOG.warnf("%s failed (attempt %d, %s: %s); retrying in %d ms, holding %s", what, attempt, kind.label(), failure,
                            delay, partitions);
                    return Uni.createFrom().voidItem().onItem().delayIt().by(Duration.ofMillis(delay))
                            .chain(() -> attempt(what, partitions, onContext, errorAttempts, work, attempt + 1, errorsSoFar, holding));
                });
    }

    private static Context freshDuplicate(Context context) {
        Context duplicate = VertxContext.createNewDuplicatedContext(context);
        VertxContextSafetyToggle.setContextSafe(duplicate, true);
        return duplicate;
    }

    private static long delay(int attempt) {
        long base = Math.min(MAX_DELAY_MS, FIRST_DELAY_MS << Math.min(attempt - 1, 16));
        return base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1);
    }

    private void hold(Collection<TopicPartition> partitions) {
        for (TopicPartition partition : partitions) {
            held.merge(partition, 1, Integer::sum);
            gauge(partition.topic());
        }
    }

    /** Registers the topic's retry counters and held-partitions gauge at zero (see MetersAtZero). */
    void meterAtZero(String topic) {
        gauge(topic);
        counter(topic, FailureKind.TRANSIENT);
        counter(topic, FailureKind.ERROR);
    }

    private void gauge(String topic) {
        if (gauged.add(topic)) {
            Gauge.builder("madoguchi.consumer.partitions.held", held, h -> h.keySet().stream().filter(p -> p.topic().equals(topic)).count())
                    .tag("topic", topic)
                    .description("Partitions whose records wait on a retry of a failed attempt")
                    .register(registry);
        }
    }

    private Counter counter(String topic, FailureKind kind) {
        return Counter.builder("madoguchi.consumer.retries").tag("topic", topic).tag("kind", kind.label())
                .description("Failed attempts that were tried again").register(registry);
    }

    private void release(Collection<TopicPartition> partitions) {
        for (TopicPartition partition : partitions) {
            held.computeIfPresent(partition, (p, count) -> count <= 1 ? null : count - 1);
        }
    }

    private static String topicOf(Collection<TopicPartition> partitions) {
        return partitions.isEmpty() ? "none" : partitions.iterator().next().topic();
    }
}
