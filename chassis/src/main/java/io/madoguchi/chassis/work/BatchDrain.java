package io.madoguchi.chassis.work;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;

/**
 * Works a backlog a batch at a time until a batch comes back short, one drain at a time: a wake-up while a drain runs
 * is remembered and starts another drain when it ends, so work committed meanwhile is never left for the next poll.
 * Used by the outbox relay and by the delivery worker, each woken after the commits that give it work and polled
 * as a safety net.
 */
public final class BatchDrain {

    private static final Logger LOG = Logger.getLogger(BatchDrain.class);

    private final String name;
    private final int batchSize;
    private final Supplier<Uni<Integer>> batch;
    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicBoolean wakeUpPending = new AtomicBoolean();

    /** @param batch works one batch and tells how many items it took; fewer than {@code batchSize} ends the drain */
    public BatchDrain(String name, int batchSize, Supplier<Uni<Integer>> batch) {
        this.name = name;
        this.batchSize = batchSize;
        this.batch = batch;
    }

    /** Drains now, or right after the drain under way. Never fails: a failure is logged and the next poll retries. */
    public void wakeUp() {
        drain().subscribe().with(ignored -> { }, failure -> LOG.warnf(failure, "%s failed; the next poll retries", name));
    }

    /** @return completes when this drain (or, if one is under way, the wish for another) is done */
    public Uni<Void> drain() {
        if (!draining.compareAndSet(false, true)) {
            wakeUpPending.set(true);
            return Uni.createFrom().voidItem();
        }
        wakeUpPending.set(false);
        return Uni.createFrom().deferred(batch::get)
                .repeat().whilst(count -> count == batchSize)
                .collect().last()
                .replaceWithVoid()
                .eventually(() -> {
                    draining.set(false);
                    if (wakeUpPending.getAndSet(false)) {
                        wakeUp();
                    }
                });
    }
}
