package io.madoguchi.chassis.consumer;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * With {@code madoguchi.consumer.take-turns=true}, the batch consumers of this instance run one transaction at a
 * time, in the order they asked. A service whose consumers update the same rows sets it: run side by side, their
 * batch transactions deadlock or trip each other's version checks, and the loser redoes its whole batch.
 */
@ApplicationScoped
public class ConsumerTurns {

    private final boolean enabled;
    private CompletableFuture<Void> last = CompletableFuture.completedFuture(null);

    public ConsumerTurns(@ConfigProperty(name = "madoguchi.consumer.take-turns", defaultValue = "false") boolean enabled) {
        this.enabled = enabled;
    }

    /**
     * Runs {@code work} once every transaction that asked before has ended. The turn is taken when the returned Uni is
     * subscribed (each retry takes a new one) and given back when it ends, fails or is cancelled. The work runs on the
     * Vert.x context it is subscribed on (Hibernate Reactive's session lives there), whichever thread ends the turn
     * before it.
     */
    public <T> Uni<T> inTurn(Supplier<Uni<T>> work) {
        if (!enabled) {
            return Uni.createFrom().deferred(work::get);
        }
        return Uni.createFrom().deferred(() -> {
            Context context = Vertx.currentContext();
            Executor onContext = context == null ? Runnable::run : task -> context.runOnContext(ignored -> task.run());
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
