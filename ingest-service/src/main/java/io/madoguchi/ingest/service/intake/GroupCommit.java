package io.madoguchi.ingest.service.intake;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * One transaction for the accepts that arrive together: while {@code maxInFlight} commits are in flight the next accepts
 * wait, and then go into one transaction, up to {@code maxBatch} of them; each is answered once that transaction
 * committed. A batch the database refuses as a whole (a dedupe key another replica committed meanwhile, one payload that
 * cannot be stored) is committed again one accept at a time, so what fails is that accept alone.
 *
 * @param <T> an accept
 * @param <R> its answer
 */
final class GroupCommit<T, R> {

    private record Waiting<T, R>(T item, Context context, CompletableFuture<R> answer) {
    }

    private final Function<List<T>, Uni<List<R>>> together;
    private final Function<T, Uni<R>> alone;
    private final int maxBatch;
    private final int maxInFlight;
    private final Queue<Waiting<T, R>> waiting = new ConcurrentLinkedQueue<>();
    private final AtomicInteger waitingCount = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Counter groupCommits;
    private final Counter singleCommits;
    private final DistributionSummary batchSize;

    /**
     * @param together commits the items in one transaction, answering each in order
     * @param alone commits one item in a transaction of its own
     */
    GroupCommit(String name, int maxBatch, int maxInFlight, MeterRegistry registry, Function<List<T>, Uni<List<R>>> together,
            Function<T, Uni<R>> alone) {
        if (maxBatch < 1 || maxInFlight < 1) {
            throw new IllegalArgumentException("a group commit needs at least one accept a batch and one commit in flight");
        }
        this.together = together;
        this.alone = alone;
        this.maxBatch = maxBatch;
        this.maxInFlight = maxInFlight;
        Gauge.builder(name + ".waiting", waitingCount, AtomicInteger::get)
                .description("Accepts waiting for a commit in flight to end, to be committed together").register(registry);
        groupCommits = Counter.builder(name + ".commits").tag("mode", "together")
                .description("Transactions that committed accepts: several together, or one alone").register(registry);
        singleCommits = Counter.builder(name + ".commits").tag("mode", "alone")
                .description("Transactions that committed accepts: several together, or one alone").register(registry);
        batchSize = DistributionSummary.builder(name + ".batch.size").description("Accepts committed in one transaction")
                .register(registry);
    }

    Uni<R> submit(T item) {
        return Uni.createFrom().deferred(() -> {
            Waiting<T, R> entry = new Waiting<>(item, Vertx.currentContext(), new CompletableFuture<>());
            waiting.add(entry);
            waitingCount.incrementAndGet();
            drain();
            Uni<R> answer = Uni.createFrom().completionStage(entry.answer());
            // answered on the request's own context, not the commit's
            return entry.context() == null ? answer : answer.emitOn(task -> entry.context().runOnContext(ignored -> task.run()));
        });
    }

    /** Starts the next commit unless as many as allowed are in flight; each starts the next when it ends. */
    private void drain() {
        int running;
        do {
            running = inFlight.get();
            if (running >= maxInFlight) {
                return;
            }
        } while (!inFlight.compareAndSet(running, running + 1));
        List<Waiting<T, R>> batch = new ArrayList<>();
        for (Waiting<T, R> next; batch.size() < maxBatch && (next = waiting.poll()) != null;) {
            batch.add(next);
            waitingCount.decrementAndGet();
        }
        if (batch.isEmpty()) {
            ended();
            return;
        }
        // Hibernate Reactive keeps its session in the Vert.x context: an accept alone commits on its request's own
        // context (its trace, its log ids), several together on a fresh one, never another request's
        Context origin = batch.get(0).context();
        Runnable commit = () -> commit(batch).subscribe().with(ignored -> ended(), failure -> ended());
        if (origin == null) {
            commit.run();
        } else if (batch.size() == 1) {
            origin.runOnContext(ignored -> commit.run());
        } else {
            Context fresh = VertxContext.createNewDuplicatedContext(origin);
            VertxContextSafetyToggle.setContextSafe(fresh, true);
            fresh.runOnContext(ignored -> commit.run());
        }
    }

    private Uni<Void> commit(List<Waiting<T, R>> batch) {
        if (batch.size() == 1) {
            return one(batch.get(0));
        }
        return Uni.createFrom().deferred(() -> together.apply(batch.stream().map(Waiting::item).toList()))
                .onItem().invoke(answers -> {
                    groupCommits.increment();
                    batchSize.record(batch.size());
                    for (int i = 0; i < batch.size(); i++) {
                        batch.get(i).answer().complete(answers.get(i));
                    }
                })
                .replaceWithVoid()
                .onFailure().recoverWithUni(refused -> {
                    Uni<Void> oneByOne = Uni.createFrom().voidItem();
                    for (Waiting<T, R> entry : batch) {
                        oneByOne = oneByOne.chain(() -> one(entry));
                    }
                    return oneByOne;
                });
    }

    private Uni<Void> one(Waiting<T, R> entry) {
        return Uni.createFrom().deferred(() -> alone.apply(entry.item()))
                .onItem().invoke(answer -> {
                    singleCommits.increment();
                    batchSize.record(1);
                    entry.answer().complete(answer);
                })
                .onFailure().invoke(entry.answer()::completeExceptionally)
                .replaceWithVoid()
                .onFailure().recoverWithNull();
    }

    private void ended() {
        inFlight.decrementAndGet();
        if (!waiting.isEmpty()) {
            drain();
        }
    }
}
