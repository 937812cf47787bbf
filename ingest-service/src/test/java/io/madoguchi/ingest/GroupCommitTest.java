package io.madoguchi.ingest;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * Accepts that arrive while a commit is in flight share the next transaction: the first accept's commit is held by a
 * table lock, the others queue behind it, and once the lock goes they are committed together, each answered only then,
 * each with its own answer.
 */
@QuarkusTest
@WithTestResource(IngestTestResource.class)
class GroupCommitTest {

    private record Sent(String key, String body, Future<Response> response) {
    }

    @Test
    void acceptsArrivingDuringACommitShareTheNextTransactionAndEachIsAnsweredAfterIt() throws Exception {
        String run = UUID.randomUUID().toString();
        int queued = IngestTestResource.MAX_IN_FLIGHT - 4;
        double together = commits("together");
        double alone = commits("alone");
        List<Sent> sent = new ArrayList<>();
        ExecutorService senders = Executors.newFixedThreadPool(queued + 1);
        try (Connection db = IngestTestResource.database(); Statement s = db.createStatement()) {
            db.setAutoCommit(false);
            s.execute("LOCK TABLE inquiry IN EXCLUSIVE MODE"); // reads go on, inserts wait
            sent.add(send(senders, null, run + " first"));
            awaitInsertHeld(); // the first is in its commit
            for (int i = 0; i < queued; i++) {
                sent.add(send(senders, null, run + " " + i));
            }
            awaitWaiting(queued);
            assertTrue(sent.stream().noneMatch(r -> r.response().isDone()), "nothing is answered before its commit");
            db.commit();
        } finally {
            senders.shutdown();
        }
        Set<String> ids = new java.util.HashSet<>();
        for (Sent r : sent) {
            Response response = r.response().get();
            assertEquals(202, response.statusCode(), response.asString());
            ids.add(response.jsonPath().getString("inquiryId"));
        }
        assertEquals(queued + 1, ids.size(), "each its own inquiry");
        assertEquals(alone + 1, commits("alone"), "the first alone");
        assertEquals(together + 1, commits("together"), "the rest in one transaction");
        assertTrue(Metrics.value("madoguchi_intake_batch_size_max") >= queued, "a batch of " + queued);
        assertEquals(queued + 1, InquiryEvents.mentioning(run, queued + 1).size(), "every one published, once");
    }

    @Test
    void inOneBatchAKeyRepeatedWithTheSameBodyIsOneInquiryAndWithAnotherBodyIsRefusedAlone() throws Exception {
        String run = UUID.randomUUID().toString();
        double together = commits("together");
        List<Sent> sent = new ArrayList<>();
        ExecutorService senders = Executors.newFixedThreadPool(6);
        try (Connection db = IngestTestResource.database(); Statement s = db.createStatement()) {
            db.setAutoCommit(false);
            s.execute("LOCK TABLE inquiry IN EXCLUSIVE MODE");
            sent.add(send(senders, null, run + " blocker"));
            awaitInsertHeld();
            sent.add(send(senders, "same-" + run, run + " same"));
            sent.add(send(senders, "same-" + run, run + " same"));
            sent.add(send(senders, "clash-" + run, run + " clash one"));
            sent.add(send(senders, "clash-" + run, run + " clash two"));
            sent.add(send(senders, null, run + " plain"));
            awaitWaiting(5);
            db.commit();
        } finally {
            senders.shutdown();
        }
        List<Response> same = answers(sent, "same-" + run);
        assertEquals(List.of(202, 202), same.stream().map(Response::statusCode).toList());
        assertEquals(same.get(0).jsonPath().getString("inquiryId"), same.get(1).jsonPath().getString("inquiryId"),
                "a repeat in the same batch is the first one's duplicate");
        List<Integer> clash = answers(sent, "clash-" + run).stream().map(Response::statusCode).sorted().toList();
        assertEquals(List.of(202, 409), clash, "the key's second body is refused, the first accepted");
        assertEquals(202, answers(sent, null).get(1).statusCode(), "the plain accept of the batch");
        assertEquals(together + 1, commits("together"), "one transaction for the five");
        // the blocker, one of 'same', one of 'clash', the plain one
        assertEquals(4, InquiryEvents.mentioning(run, 4).size());
    }

    private static Sent send(ExecutorService senders, String key, String body) {
        return new Sent(key, body, senders.submit(() -> {
            var request = given().contentType(ContentType.JSON).header("X-Api-Key", "test-ingest-key");
            if (key != null) {
                request.header("Idempotency-Key", key);
            }
            return request.body("{\"channel\":\"api\",\"requester\":{\"id\":\"group-commit\"},\"body\":\"" + body + "\"}")
                    .when().post("/api/v1/inquiries");
        }));
    }

    private static List<Response> answers(List<Sent> sent, String key) throws Exception {
        List<Response> answers = new ArrayList<>();
        for (Sent r : sent.stream().filter(r -> java.util.Objects.equals(r.key(), key)).collect(Collectors.toList())) {
            answers.add(r.response().get());
        }
        return answers;
    }

    /** Until an insert into inquiry waits for the test's lock. */
    private static void awaitInsertHeld() throws Exception {
        try (Connection watcher = IngestTestResource.database(); Statement s = watcher.createStatement()) {
            Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() -> {
                try (var rows = s.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                        + " AND query ILIKE 'insert into inquiry%'")) {
                    rows.next();
                    return rows.getInt(1) > 0;
                }
            });
        }
    }

    private static void awaitWaiting(int count) {
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .until(() -> Metrics.value("madoguchi_intake_waiting") == count);
    }

    private static double commits(String mode) {
        return Metrics.value("madoguchi_intake_commits_total", "mode=\"" + mode + "\"");
    }
}
