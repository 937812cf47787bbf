package io.madoguchi.chassis.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import io.smallrye.mutiny.Uni;

class ConsumerTurnsTest {

    private final ConsumerTurns turns = new ConsumerTurns(true);

    @Test
    void aTransactionWaitsForTheOneThatAskedBeforeToEnd() {
        List<String> log = new CopyOnWriteArrayList<>();
        CompletableFuture<String> firstEnds = new CompletableFuture<>();
        CompletableFuture<String> first = turns.inTurn(() -> {
            log.add("first begins");
            return Uni.createFrom().completionStage(firstEnds).invoke(() -> log.add("first ends"));
        }).subscribeAsCompletionStage();
        CompletableFuture<String> second = turns.inTurn(() -> {
            log.add("second begins");
            return Uni.createFrom().item("second");
        }).subscribeAsCompletionStage();

        assertEquals(List.of("first begins"), log, "the second waits while the first runs");
        firstEnds.complete("first");
        assertEquals("second", second.join());
        assertEquals("first", first.join());
        assertEquals(List.of("first begins", "first ends", "second begins"), log);
    }

    @Test
    void aFailedOrCancelledTransactionGivesItsTurnBack() {
        Uni<Object> failing = turns.inTurn(() -> Uni.createFrom().failure(new IllegalStateException("deadlock")));
        assertThrows(IllegalStateException.class, () -> failing.await().atMost(Duration.ofSeconds(5)));

        turns.inTurn(() -> Uni.createFrom().nothing()).subscribe().with(ignored -> { }).cancel();

        assertEquals("next", turns.inTurn(() -> Uni.createFrom().item("next")).await().atMost(Duration.ofSeconds(5)));
    }

    @Test
    void eachSubscriptionTakesItsOwnTurnSoRetriesQueueBehindOthers() {
        List<String> log = new CopyOnWriteArrayList<>();
        Uni<String> retried = turns.inTurn(() -> {
            log.add("attempt");
            return log.size() < 2 ? Uni.createFrom().failure(new IllegalStateException("conflict")) : Uni.createFrom().item("done");
        });
        assertEquals("done", retried.onFailure().retry().atMost(3).await().atMost(Duration.ofSeconds(5)));
        assertEquals(2, log.size());
    }
}
