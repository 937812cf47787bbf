package io.madoguchi.chassis.testing;

import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import io.madoguchi.chassis.cloudevents.CloudEventHeaders;
import io.madoguchi.chassis.consumer.BatchConsumer;
import io.madoguchi.chassis.consumer.ConsumerTurns;
import io.madoguchi.chassis.consumer.DeadLetters;
import io.madoguchi.chassis.consumer.Retries;
import io.madoguchi.chassis.outbox.OutboxRelay;
import io.madoguchi.chassis.tracing.MessagingSpans;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;

/**
 * The batch consumer of every service under test: it behaves as the real one, except that a transaction holding an
 * event read from a record with the header {@value PoisonCases#FAULT_HEADER} fails with an unexpected error, the way
 * a programming error would, until the test heals the fault of that event (as a fix deployed would). That is how the
 * tests reach the path of an error that is neither transient nor poison, and replay its dead letter.
 */
@Alternative
@Priority(1)
@Singleton
public class FaultInjectingBatchConsumer extends BatchConsumer {

    private static final Set<String> HEALED = ConcurrentHashMap.newKeySet();

    /** From now on the event with this {@code ce_id} is applied as any other. */
    public static void heal(UUID eventId) {
        HEALED.add(eventId.toString());
    }

    public FaultInjectingBatchConsumer(Retries retries, DeadLetters deadLetters, ConsumerTurns turns, Instance<OutboxRelay> relay,
            MeterRegistry registry, MessagingSpans spans) {
        super(retries, deadLetters, turns, relay, registry, spans);
    }

    @Override
    protected <T> Uni<Void> transaction(List<Read<T>> reads, Function<List<T>, Uni<Void>> inOneTransaction) {
        if (reads.stream().anyMatch(read -> read.record().headers().lastHeader(PoisonCases.FAULT_HEADER) != null
                && !HEALED.contains(TopicReader.header(read.record(), CloudEventHeaders.ID)))) {
            return Uni.createFrom().failure(new IllegalStateException("a deliberate fault for a test"));
        }
        return super.transaction(reads, inOneTransaction);
    }
}
