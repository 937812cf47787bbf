package io.madoguchi.analytics.messaging;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Applies a poll batch in one transaction: every record is read first and the poison among them is dead-lettered,
 * then the events read are applied together, in order. Should the database refuse the batch for good, its events
 * are applied one by one, so that only the one it refuses is dead-lettered.
 */
@ApplicationScoped
class GroupCommit {

    private static final Logger LOG = Logger.getLogger(GroupCommit.class);

    /** Reads a record into its event, or null for one to skip; whatever it throws makes the record poison. */
    @FunctionalInterface
    interface Reader<T> {
        T read(ConsumerRecord<String, byte[]> record);
    }

    private record Read<T>(T event, ConsumerRecord<String, byte[]> record) {
    }

    private final DeadLetters deadLetters;
    private final MeterRegistry registry;
    private final Map<String, DistributionSummary> batchSizes = new ConcurrentHashMap<>();

    GroupCommit(DeadLetters deadLetters, MeterRegistry registry) {
        this.deadLetters = deadLetters;
        this.registry = registry;
    }

    /** @param inOneTransaction applies the events it is given in order, in one transaction of its own */
    <T> Uni<Void> apply(ConsumerRecords<String, byte[]> records, Reader<T> reader, Function<List<T>, Uni<Void>> inOneTransaction) {
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
                // reading involves nothing but the record: what fails now fails on every redelivery
                deadLettered.add(deadLetters.send(record, e));
            }
        }
        Uni<Void> poison = deadLettered.isEmpty() ? Uni.createFrom().voidItem() : Uni.join().all(deadLettered).andFailFast().replaceWithVoid();
        if (good.isEmpty()) {
            return poison;
        }
        String topic = good.get(0).record().topic();
        List<T> events = good.stream().map(Read::event).toList();
        return poison
                .chain(() -> Retries.untilDone("a batch of " + events.size() + " events from " + topic, context,
                        () -> inOneTransaction.apply(events)))
                .invoke(() -> batchSize(topic).record(events.size()))
                .onFailure(PoisonMessageException.class).recoverWithUni(e -> {
                    LOG.warnf("The database refused a batch from %s (%s); applying its %d events one by one", topic, e.getMessage(),
                            events.size());
                    return oneByOne(good, inOneTransaction, context, topic);
                });
    }

    private <T> Uni<Void> oneByOne(List<Read<T>> good, Function<List<T>, Uni<Void>> inOneTransaction, Context context, String topic) {
        return Multi.createFrom().iterable(good)
                .onItem().transformToUniAndConcatenate(read -> Retries.untilDone(describe(read.record()), context,
                                () -> inOneTransaction.apply(List.of(read.event())))
                        .invoke(() -> batchSize(topic).record(1))
                        .onFailure(PoisonMessageException.class).recoverWithUni(e -> deadLetters.send(read.record(), e)))
                .collect().last().replaceWithVoid();
    }

    private DistributionSummary batchSize(String topic) {
        return batchSizes.computeIfAbsent(topic, t -> DistributionSummary.builder("madoguchi.consumer.batch.size").tag("topic", t)
                .description("Events applied per transaction").register(registry));
    }

    private static String describe(ConsumerRecord<?, ?> record) {
        return record.topic() + "-" + record.partition() + "@" + record.offset();
    }
}
