package io.madoguchi.ingest.service.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.mutiny.Uni;

/**
 * How many transactions {@link GroupCommit} keeps open at once, and what waits meanwhile; the database side of a group
 * commit is {@code GroupCommitTest}'s. Nothing here runs on a Vert.x context, so commits start on the caller's thread.
 */
class CommitsInFlightTest {

    private final List<List<String>> transactions = new CopyOnWriteArrayList<>();
    private final List<CompletableFuture<Void>> commitsHeld = new CopyOnWriteArrayList<>();

    private GroupCommit<String, String> groupCommit(int maxBatch, int maxInFlight) {
        return new GroupCommit<>("test", maxBatch, maxInFlight, new SimpleMeterRegistry(), this::transaction,
                item -> transaction(List.of(item)).map(answers -> answers.get(0)));
    }

    /** A transaction that commits when the test lets it. */
    private Uni<List<String>> transaction(List<String> items) {
        transactions.add(items);
        CompletableFuture<Void> commit = new CompletableFuture<>();
        commitsHeld.add(commit);
        return Uni.createFrom().completionStage(commit).map(ignored -> items.stream().map(item -> item + " committed").toList());
    }

    private static CompletableFuture<String> submit(GroupCommit<String, String> commits, String item) {
        return commits.submit(item).subscribeAsCompletionStage();
    }

    @Test
    void withTwoInFlightTheSecondAcceptStartsItsOwnCommitAndTheRestWaitForEitherToEnd() throws Exception {
        GroupCommit<String, String> commits = groupCommit(64, 2);
        CompletableFuture<String> first = submit(commits, "a");
        CompletableFuture<String> second = submit(commits, "b");
        List<CompletableFuture<String>> waiting = List.of(submit(commits, "c"), submit(commits, "d"), submit(commits, "e"));
        assertEquals(List.of(List.of("a"), List.of("b")), transactions, "two commits at once, each alone");

        commitsHeld.get(1).complete(null);
        assertEquals("b committed", second.get(5, TimeUnit.SECONDS));
        assertFalse(first.isDone(), "answered only after its own commit");
        assertEquals(List.of("c", "d", "e"), transactions.get(2), "those that waited share the next transaction");
        assertTrue(waiting.stream().noneMatch(CompletableFuture::isDone));

        commitsHeld.get(2).complete(null);
        for (int i = 0; i < waiting.size(); i++) {
            assertEquals(List.of("c", "d", "e").get(i) + " committed", waiting.get(i).get(5, TimeUnit.SECONDS));
        }
        commitsHeld.get(0).complete(null);
        assertEquals("a committed", first.get(5, TimeUnit.SECONDS));
        assertEquals(3, transactions.size());
    }

    @Test
    void withOneInFlightEveryAcceptArrivingDuringACommitWaitsForIt() {
        GroupCommit<String, String> commits = groupCommit(2, 1);
        submit(commits, "a");
        submit(commits, "b");
        submit(commits, "c");
        submit(commits, "d");
        assertEquals(List.of(List.of("a")), transactions);

        commitsHeld.get(0).complete(null);
        assertEquals(List.of(List.of("a"), List.of("b", "c")), transactions, "at most maxBatch a transaction");
        commitsHeld.get(1).complete(null);
        assertEquals(List.of("d"), transactions.get(2));
    }

    @Test
    void aCommitThatFailsFreesItsPlaceForTheNext() throws Exception {
        GroupCommit<String, String> commits = groupCommit(64, 1);
        CompletableFuture<String> refused = submit(commits, "a");
        CompletableFuture<String> next = submit(commits, "b");
        commitsHeld.get(0).completeExceptionally(new IllegalStateException("refused"));
        assertTrue(refused.isCompletedExceptionally());
        commitsHeld.get(1).complete(null);
        assertEquals("b committed", next.get(5, TimeUnit.SECONDS));
    }

    @Test
    void aGroupCommitNeedsRoomForOneAccept() {
        assertThrows(IllegalArgumentException.class, () -> groupCommit(64, 0));
        assertThrows(IllegalArgumentException.class, () -> groupCommit(0, 1));
    }
}
