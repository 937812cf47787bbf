package io.madoguchi.ticket.messaging;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The inquiry and the escalation consumer both update ticket rows. Run side by side, their batch transactions
 * deadlock or trip each other's version checks, and the loser redoes its whole batch (the benchmark saw batches of
 * 500 inquiries retried that way). They take turns instead: one consumer transaction at a time in this instance,
 * in the order they asked.
 */
@ApplicationScoped
public class ConsumerTurns {

    private CompletableFuture<Void> last = CompletableFuture.completedFuture(null);

    /**
     * Runs {@code work} once every transaction that asked before has ended. The turn is taken when the returned Uni is
     * subscribed (each retry takes a new one) and given back when it ends, fails or is cancelled.
     *
     * @param context the Vert.x context the work must run on (Hibernate Reactive's session lives there)
     */
    public <T> Uni<T> inTurn(Context context, Supplier<Uni<T>> work) {
        Executor onContext = context == null ? Runnable::run : task -> context.runOnContext(ignored -> task.run());
        return Uni.createFrom().deferred(() -> {
            CompletableFuture<Void> mine = new CompletableFuture<>();
            CompletableFuture<Void> previous = take(mine);
            return Uni.createFrom().completionStage(previous)
                    .emitOn(onContext)
                    .chain(ignored -> work.get())
                    .onTermination().invoke(() -> mine.complete(null));
        });
    }

    private synchronized CompletableFuture<Void> take(CompletableFuture<Void> mine) {
        CompletableFuture<Void> previous = last;
        last = mine;
        return previous;
    }
}
