package io.madoguchi.chassis.consumer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

import io.madoguchi.chassis.outbox.OutboxRelay;
import io.madoguchi.chassis.tracing.MessagingSpans;
import io.madoguchi.chassis.tracing.MessagingSpans.BatchSpans;
import io.madoguchi.chassis.tracing.Traces;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

/**
 * Applies a Kafka poll batch in one transaction. Every record is read first, and what cannot be read is
 * dead-lettered; the events read are then applied together, in order, retried as {@link Retries} decides. Should
 * the batch fail for good (the database refuses one record, or an unexpected error), its events are applied one
 * by one, so that only the one that fails is dead-lettered. The outbox relay, where the service has one, is woken
 * after each commit, so the events the batch wrote leave without waiting for its next poll.
 */
@ApplicationScoped
public class BatchConsumer {

    private static final Logger LOG = Logger.getLogger(BatchConsumer.class);

    /** An event and the record it was read from. */
    public record Read<T>(T event, ConsumerRecord<String, byte[]> record) {
    }

    private static final Duration[] DELAY_BUCKETS = Stream.of("PT0.01S", "PT0.05S", "PT0.1S", "PT0.25S", "PT0.5S", "PT1S",
            "PT2.5S", "PT5S", "PT10S", "PT30S", "PT1M", "PT5M").map(Duration::parse).toArray(Duration[]::new);

    private final Retries retries;
    private final DeadLetters deadLetters;
    private final ConsumerTurns turns;
    private final Instance<OutboxRelay> relay;
    private final MeterRegistry registry;
    private final MessagingSpans spans;
    private final Map<String, DistributionSummary> batchSizes = new ConcurrentHashMap<>();
    private final Map<String, Timer> delays = new ConcurrentHashMap<>();

    public BatchConsumer(Retries retries, DeadLetters deadLetters, ConsumerTurns turns, Instance<OutboxRelay> relay,
            MeterRegistry registry, MessagingSpans spans) {
        this.retries = retries;
        this.spans = spans;
        this.deadLetters = deadLetters;
        this.turns = turns;
        this.relay = relay;
        this.registry = registry;
    }

    /**
     * @param inOneTransaction applies the events it is given, in order, in one transaction of its own
     * @return completes once every record is applied or dead-lettered, so that the batch may be acknowledged
     */
    public <T> Uni<Void> apply(ConsumerRecords<String, byte[]> records, RecordReader<T> reader, Function<List<T>, Uni<Void>> inOneTransaction) {
        // the database work runs on the records' context, not on whichever thread completes a dead letter's send
        Context context = Vertx.currentContext();
        List<Read<T>> good = new ArrayList<>();
        List<Uni<Void>> deadLettered = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            try {
                T event = reader.read(record);
                if (event != null) {
                    good.add(new Read<>(event, record));
                }
            } catch (RuntimeException e) {
                FailureKind kind = FailureKind.of(e) == FailureKind.POISON ? FailureKind.POISON : FailureKind.ERROR;
                deadLettered.add(deadLetters.send(record, kind, e, 1));
            }
        }
        Uni<Void> unreadable = deadLettered.isEmpty() ? Uni.createFrom().voidItem() : Uni.join().all(deadLettered).andFailFast().replaceWithVoid();
        if (good.isEmpty()) {
            return unreadable;
        }
        BatchSpans trace = spans.batch(good.get(0).record().topic(), good.stream().map(Read::event).toList(),
                good.stream().map(Read::record).toList());
        return unreadable.chain(() -> together(good, inOneTransaction, context, trace))
                .onTermination().invoke((ignored, failure, cancelled) -> trace.end(failure));
    }

    private <T> Uni<Void> together(List<Read<T>> reads, Function<List<T>, Uni<Void>> inOneTransaction, Context context, BatchSpans trace) {
        String topic = reads.get(0).record().topic();
        Set<TopicPartition> partitions = new LinkedHashSet<>();
        reads.forEach(read -> partitions.add(partition(read.record())));
        // one retry for an unexpected error before the records are taken one by one, where each gets all its attempts
        return retries.untilDone("a batch of " + reads.size() + " events from " + topic, partitions, context,
                        Math.min(2, retries.maxAttempts()), () -> traced(trace, () -> transaction(reads, inOneTransaction)))
                .invoke(() -> committed(reads))
                .onFailure(Retries.GaveUp.class).recoverWithUni(e -> {
                    LOG.warnf("A batch of %d events from %s failed for good (%s); applying them one by one", reads.size(), topic,
                            e.getMessage());
                    return oneByOne(reads, inOneTransaction, context, trace);
                });
    }

    private <T> Uni<Void> oneByOne(List<Read<T>> reads, Function<List<T>, Uni<Void>> inOneTransaction, Context context, BatchSpans trace) {
        return Multi.createFrom().iterable(reads)
                .onItem().transformToUniAndConcatenate(read -> retries.untilDone(describe(read.record()), List.of(partition(read.record())),
                                context, retries.maxAttempts(), () -> traced(trace, () -> transaction(List.of(read), inOneTransaction)))
                        .invoke(() -> committed(List.of(read)))
                        .onFailure(Retries.GaveUp.class).recoverWithUni(e -> {
                            Retries.GaveUp gaveUp = (Retries.GaveUp) e;
                            trace.deadLettered(read.record(), gaveUp.failure());
                            return deadLetters.send(read.record(), gaveUp.kind(), gaveUp.failure(), gaveUp.attempts());
                        }))
                .collect().last().replaceWithVoid();
    }

    /** Runs an attempt with the batch's spans current on the attempt's own context (see {@link MessagingSpans#attachRecord}). */
    private static Uni<Void> traced(BatchSpans trace, Supplier<Uni<Void>> attempt) {
        Traces.attach(trace.context());
        return attempt.get();
    }

    /** One attempt at applying these events in one transaction, in this instance's turn, on the attempt's context. */
    protected <T> Uni<Void> transaction(List<Read<T>> reads, Function<List<T>, Uni<Void>> inOneTransaction) {
        List<T> events = reads.stream().map(Read::event).toList();
        return turns.inTurn(() -> inOneTransaction.apply(events));
    }

    private void committed(List<? extends Read<?>> reads) {
        String topic = reads.get(0).record().topic();
        batchSizes.computeIfAbsent(topic, t -> DistributionSummary.builder("madoguchi.consumer.batch.size").tag("topic", t)
                .description("Events applied per transaction").register(registry)).record(reads.size());
        Timer delay = delays.computeIfAbsent(topic, t -> Timer.builder("madoguchi.consumer.delay").tag("topic", t)
                .description("From a record's publication (its Kafka timestamp) to the commit that applied it")
                .serviceLevelObjectives(DELAY_BUCKETS).register(registry));
        long now = System.currentTimeMillis();
        for (Read<?> read : reads) {
            if (read.record().timestamp() > 0) {
                delay.record(Math.max(0, now - read.record().timestamp()), TimeUnit.MILLISECONDS);
            }
        }
        if (relay.isResolvable()) {
            relay.get().wakeUp();
        }
    }

    private static TopicPartition partition(ConsumerRecord<?, ?> record) {
        return new TopicPartition(record.topic(), record.partition());
    }

    private static String describe(ConsumerRecord<?, ?> record) {
        return record.topic() + "-" + record.partition() + "@" + record.offset();
    }
}
