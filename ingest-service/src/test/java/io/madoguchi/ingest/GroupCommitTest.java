package io.madoguchi.ingest;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
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
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * Accepts that arrive while every commit allowed at once is in flight share the next transaction: the first accepts'
 * commits are held by a table lock, one for each commit allowed in flight, the others queue behind them, and once the
 * lock goes they are committed together, each answered only then, each with its own answer.
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
        ExecutorService senders = Executors.newFixedThreadPool(queued + inFlight());
        try (Connection db = IngestTestResource.database(); Statement s = db.createStatement()) {
            db.setAutoCommit(false);
            s.execute("LOCK TABLE inquiry IN EXCLUSIVE MODE"); // reads go on, inserts wait
            for (int i = 0; i < inFlight(); i++) {
                sent.add(send(senders, null, run + " first " + i));
                awaitInsertsHeld(i + 1); // in its commit, alone
            }
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
        assertEquals(queued + inFlight(), ids.size(), "each its own inquiry");
        assertEquals(alone + inFlight(), commits("alone"), "the first ones alone");
        assertEquals(together + 1, commits("together"), "the rest in one transaction");
        assertTrue(Metrics.value("madoguchi_intake_batch_size_max") >= queued, "a batch of " + queued);
        assertEquals(queued + inFlight(), InquiryEvents.mentioning(run, queued + inFlight()).size(), "every one published, once");
        // set-based: the rows of one transaction share its xmin and, written by one statement, its cmin too; the outbox
        // holds a statement's events in one row
        for (Sent first : sent.subList(0, inFlight())) {
            ids.remove(first.response().get().jsonPath().getString("inquiryId"));
        }
        try (Connection db = IngestTestResource.database();
                var inquiries = db.prepareStatement("SELECT count(*), count(DISTINCT xmin::text || '/' || cmin::text) FROM inquiry WHERE id::text = ANY(?)");
                var outbox = db.prepareStatement("SELECT count(*), count(DISTINCT o.xmin::text || '/' || o.cmin::text || '/' || o.id) FROM outbox_entry e"
                        + " JOIN outbox o USING (id) WHERE e.payload::jsonb ->> 'inquiryId' = ANY(?)")) {
            for (var rows : List.of(inquiries, outbox)) {
                rows.setArray(1, db.createArrayOf("text", ids.toArray()));
                try (var result = rows.executeQuery()) {
                    result.next();
                    assertEquals(queued, result.getInt(1), "the batch's rows");
                    assertEquals(1, result.getInt(2), "written by one statement");
                }
            }
        }
    }

    @Test
    void inOneBatchAKeyRepeatedWithTheSameBodyIsOneInquiryAndWithAnotherBodyIsRefusedAlone() throws Exception {
        String run = UUID.randomUUID().toString();
        double together = commits("together");
        List<Sent> sent = new ArrayList<>();
        ExecutorService senders = Executors.newFixedThreadPool(5 + inFlight());
        try (Connection db = IngestTestResource.database(); Statement s = db.createStatement()) {
            db.setAutoCommit(false);
            s.execute("LOCK TABLE inquiry IN EXCLUSIVE MODE");
            for (int i = 0; i < inFlight(); i++) {
                sent.add(send(senders, null, run + " blocker " + i));
                awaitInsertsHeld(i + 1);
            }
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
        assertEquals(202, answers(sent, null).get(inFlight()).statusCode(), "the plain accept of the batch");
        assertEquals(together + 1, commits("together"), "one transaction for the five");
        // the blockers, one of 'same', one of 'clash', the plain one
        assertEquals(inFlight() + 3, InquiryEvents.mentioning(run, inFlight() + 3).size());
    }

    /**
     * The dedupe key of one accept of a batch is committed by another replica after the batch read the keys it names
     * and before its insert: the database refuses the batch, which is committed again one accept at a time, the
     * repeated one answered with the other replica's inquiry.
     */
    @Test
    void aBatchTheDatabaseRefusesIsCommittedOneAcceptAtATime() throws Exception {
        String run = UUID.randomUUID().toString();
        double together = commits("together");
        double alone = commits("alone");
        UUID otherReplicas = UUID.randomUUID();
        List<Sent> sent = new ArrayList<>();
        ExecutorService senders = Executors.newFixedThreadPool(3 + inFlight());
        List<Connection> holders = new ArrayList<>();
        try (Connection first = IngestTestResource.database(); Connection second = IngestTestResource.database()) {
            // transactions of "another replica", each holding an uncommitted inquiry with a key our accepts will name
            insertUncommitted(first, UUID.randomUUID(), "blocker-" + run, run + " blocker");
            insertUncommitted(second, otherReplicas, "repeated-" + run, run + " repeated");
            sent.add(send(senders, "blocker-" + run, run + " blocker")); // alone; its insert waits for the first transaction
            awaitInsertsHeld(1);
            for (int i = 1; i < inFlight(); i++) { // the other commits allowed in flight, held the same way until the end
                Connection holder = IngestTestResource.database();
                holders.add(holder);
                insertUncommitted(holder, UUID.randomUUID(), "holder-" + i + "-" + run, run + " holder " + i);
                sent.add(send(senders, "holder-" + i + "-" + run, run + " holder " + i));
                awaitInsertsHeld(i + 1);
            }
            sent.add(send(senders, "repeated-" + run, run + " repeated"));
            sent.add(send(senders, null, run + " one"));
            sent.add(send(senders, null, run + " two"));
            awaitWaiting(3);
            first.commit(); // the blocker is a duplicate; the three go together, find no repeated key yet, and wait to insert
            assertEquals(202, sent.get(0).response().get().statusCode());
            awaitInsertsHeld(inFlight());
            second.commit(); // and now the batch's insert violates the key
            for (Connection holder : holders) {
                holder.commit();
            }
        } finally {
            for (Connection holder : holders) {
                holder.close();
            }
            senders.shutdown();
        }
        for (Sent r : sent) {
            Response response = r.response().get();
            assertEquals(202, response.statusCode(), r.body() + ": " + response.asString());
        }
        assertEquals(otherReplicas.toString(), answers(sent, "repeated-" + run).get(0).jsonPath().getString("inquiryId"),
                "the repeated key answered with the other replica's inquiry");
        assertEquals(together, commits("together"), "no batch committed");
        assertEquals(alone + inFlight() + 3, commits("alone"), "the blocker and the holders, then each of the refused batch alone");
        assertEquals(2, InquiryEvents.mentioning(run, 2).size(), "the two others published, the other replica's inquiries not by us");
    }

    private static void insertUncommitted(Connection db, UUID id, String key, String body) throws Exception {
        db.setAutoCommit(false);
        try (var insert = db.prepareStatement("INSERT INTO inquiry (id, source, channel, conversation_key, dedupe_key, raw_payload,"
                + " received_at, status) VALUES (?, 'local', 'api', ?, ?, ?, now(), 'published')")) {
            insert.setObject(1, id);
            insert.setString(2, "api:" + id);
            insert.setString(3, "idempotency-key:" + key);
            insert.setBytes(4, body(body).getBytes(StandardCharsets.UTF_8));
            insert.executeUpdate();
        }
    }

    private static String body(String text) {
        return "{\"channel\":\"api\",\"requester\":{\"id\":\"group-commit\"},\"body\":\"" + text + "\"}";
    }

    private static Sent send(ExecutorService senders, String key, String body) {
        return new Sent(key, body, senders.submit(() -> {
            var request = given().contentType(ContentType.JSON).header("X-Api-Key", "test-ingest-key");
            if (key != null) {
                request.header("Idempotency-Key", key);
            }
            return request.body(body(body)).when().post("/api/v1/inquiries");
        }));
    }

    private static List<Response> answers(List<Sent> sent, String key) throws Exception {
        List<Response> answers = new ArrayList<>();
        for (Sent r : sent.stream().filter(r -> java.util.Objects.equals(r.key(), key)).collect(Collectors.toList())) {
            answers.add(r.response().get());
        }
        return answers;
    }

    /** Until this many inserts into inquiry wait for locks the test holds. */
    private static void awaitInsertsHeld(int count) throws Exception {
        try (Connection watcher = IngestTestResource.database(); Statement s = watcher.createStatement()) {
            Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() -> {
                try (var rows = s.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                        + " AND query ILIKE 'insert into inquiry%'")) {
                    rows.next();
                    return rows.getInt(1) == count;
                }
            });
        }
    }

    private static void awaitWaiting(int count) {
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .until(() -> Metrics.value("madoguchi_intake_waiting") == count);
    }

    /** How many commits the service keeps in flight at once: the accepts that each commit alone before others queue. */
    private static int inFlight() {
        return ConfigProvider.getConfig().getValue("madoguchi.intake.group-commit.max-in-flight", Integer.class);
    }

    private static double commits(String mode) {
        return Metrics.value("madoguchi_intake_commits_total", "mode=\"" + mode + "\"");
    }
}
