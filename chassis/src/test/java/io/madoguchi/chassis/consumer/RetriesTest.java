package io.madoguchi.chassis.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ConnectException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.impl.ContextInternal;

class RetriesTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final Retries retries = new Retries(3, Duration.ofSeconds(2), registry);
    private final List<TopicPartition> partition = List.of(new TopicPartition("tickets.v1", 2));

    @Test
    void aTransientFailureIsRetriedUntilItPassesHoldingThePartitionMeanwhile() {
        AtomicInteger calls = new AtomicInteger();
        CompletableFuture<Void> outageOver = new CompletableFuture<>();
        CompletableFuture<String> done = retries.untilDone("work", partition, null, 3, () -> {
            calls.incrementAndGet();
            return outageOver.isDone() ? Uni.createFrom().item("done") : Uni.createFrom().failure(new ConnectException("refused"));
        }).subscribeAsCompletionStage();

        // more attempts than an error gets, and the partition is shown as held all the while
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> calls.get() > 4);
        assertEquals(1.0, registry.get("madoguchi.consumer.partitions.held").tag("topic", "tickets.v1").gauge().value());
        outageOver.complete(null);
        assertEquals("done", done.join());
        assertEquals(0.0, registry.get("madoguchi.consumer.partitions.held").tag("topic", "tickets.v1").gauge().value());
    }

    @Test
    void anAttemptThatNeverEndsIsAbandonedAndTriedAgain() {
        AtomicInteger calls = new AtomicInteger();
        AtomicInteger cancelled = new AtomicInteger();
        // the first two attempts lose their completion, as a chain whose callback threw into the driver does
        Uni<String> work = retries.untilDone("work", partition, null, 1, () -> calls.incrementAndGet() <= 2
                ? Uni.createFrom().<String>nothing().onCancellation().invoke(cancelled::incrementAndGet)
                : Uni.createFrom().item("done"));
        assertEquals("done", work.await().atMost(Duration.ofSeconds(30)), "abandoned attempts are transient: more than the one error allowed");
        assertEquals(3, calls.get());
        assertEquals(2, cancelled.get(), "each abandoned attempt is cancelled, so its session closes and its transaction rolls back");
        assertEquals(2.0, registry.get("madoguchi.consumer.retries").tag("topic", "tickets.v1").tag("kind", "transient").counter().count());
    }

    @Test
    void eachAttemptRunsOnAFreshSafeDuplicateOfTheRecordsContextSoAnAbandonedOneKeepsItsSessionToItself() {
        Vertx vertx = Vertx.vertx();
        try {
            Context records = vertx.getOrCreateContext();
            List<Context> contexts = new CopyOnWriteArrayList<>();
            List<Object> sessionsFound = new CopyOnWriteArrayList<>();
            Uni<String> work = retries.untilDone("work", partition, records, 1, () -> {
                Context context = Vertx.currentContext();
                contexts.add(context);
                sessionsFound.add(String.valueOf((Object) context.getLocal("session")));
                if (contexts.size() == 1) {
                    // as Hibernate Reactive keeps its session, and then loses its completion
                    context.putLocal("session", "the abandoned attempt's");
                    return Uni.createFrom().nothing();
                }
                return Uni.createFrom().item("done");
            });
            assertEquals("done", work.await().atMost(Duration.ofSeconds(30)));
            assertEquals(2, contexts.size());
            assertEquals(List.of("null", "null"), sessionsFound, "the retry found no session left by the abandoned attempt");
            assertNotSame(contexts.get(0), contexts.get(1));
            for (Context context : contexts) {
                assertNotSame(records, context);
                assertTrue(VertxContext.isDuplicatedContext(context), "a duplicated context");
                assertTrue(VertxContextSafetyToggle.isExplicitlyMarkedAsSafe(context), "marked safe, as Hibernate Reactive requires");
                assertSame(((ContextInternal) records).unwrap(), ((ContextInternal) context).unwrap(), "on the records' event loop");
            }
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
    }

    @Test
    void anUnexpectedErrorGivesUpAfterTheAttemptsAllowed() {
        AtomicInteger calls = new AtomicInteger();
        Retries.GaveUp gaveUp = gaveUp(retries.untilDone("work", partition, null, 3, () -> {
            calls.incrementAndGet();
            return Uni.createFrom().failure(new IllegalStateException("a bug"));
        }));
        assertEquals(FailureKind.ERROR, gaveUp.kind());
        assertEquals(3, gaveUp.attempts());
        assertEquals(3, calls.get());
        assertInstanceOf(IllegalStateException.class, gaveUp.failure());
    }

    @Test
    void poisonGivesUpAtOnce() {
        AtomicInteger calls = new AtomicInteger();
        Retries.GaveUp gaveUp = gaveUp(retries.untilDone("work", partition, null, 3, () -> {
            calls.incrementAndGet();
            return Uni.createFrom().failure(new PoisonMessageException("names no ticket"));
        }));
        assertEquals(FailureKind.POISON, gaveUp.kind());
        assertEquals(1, calls.get());
    }

    private static Retries.GaveUp gaveUp(Uni<?> work) {
        Exception thrown = assertThrows(Exception.class, () -> work.await().atMost(Duration.ofSeconds(30)));
        return assertInstanceOf(Retries.GaveUp.class, thrown);
    }
}
