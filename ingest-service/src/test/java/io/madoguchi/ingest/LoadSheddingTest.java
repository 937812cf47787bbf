package io.madoguchi.ingest;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

@QuarkusTest
@WithTestResource(IngestTestResource.class)
class LoadSheddingTest {

    /**
     * While the database cannot take inserts, accepts pile up to the limit; the rest are refused at once with 503
     * and Retry-After instead of queuing in memory, and the ones let in are committed once the database moves.
     */
    @Test
    void pastTheLimitOfAcceptsInProgressPayloadsAreRefusedNotQueued() throws Exception {
        String run = UUID.randomUUID().toString();
        int offered = IngestTestResource.MAX_IN_FLIGHT + 24;
        double overloadedBefore = Metrics.rejected("api", "overloaded");
        List<Response> responses = new ArrayList<>();
        ExecutorService senders = Executors.newFixedThreadPool(offered);
        try (Connection db = IngestTestResource.database(); Statement s = db.createStatement()) {
            db.setAutoCommit(false);
            s.execute("LOCK TABLE inquiry IN EXCLUSIVE MODE"); // reads go on, inserts wait
            List<Future<Response>> sent = new ArrayList<>();
            for (int i = 0; i < offered; i++) {
                int n = i;
                sent.add(senders.submit(() -> given().contentType(ContentType.JSON).header("X-Api-Key", "test-ingest-key")
                        .body("{\"channel\":\"api\",\"requester\":{\"id\":\"shed-" + n + "\"},\"body\":\"" + run + " " + n + "\"}")
                        .when().post("/api/v1/inquiries")));
            }
            // the refused answer while the lock is held: they do not wait for the database
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (sent.stream().filter(Future::isDone).count() < offered - IngestTestResource.MAX_IN_FLIGHT && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertEquals(offered - IngestTestResource.MAX_IN_FLIGHT, sent.stream().filter(Future::isDone).count(),
                    "everything past the limit is answered while the database is blocked");
            db.commit(); // releases the lock
            for (Future<Response> f : sent) {
                responses.add(f.get());
            }
        } finally {
            senders.shutdownNow();
        }
        List<Response> refused = responses.stream().filter(r -> r.statusCode() == 503).toList();
        assertEquals(IngestTestResource.MAX_IN_FLIGHT, responses.stream().filter(r -> r.statusCode() == 202).count());
        assertEquals(offered - IngestTestResource.MAX_IN_FLIGHT, refused.size());
        refused.forEach(r -> {
            assertEquals("1", r.header("Retry-After"));
            assertTrue(r.contentType().startsWith("application/problem+json"));
        });
        assertEquals(overloadedBefore + refused.size(), Metrics.rejected("api", "overloaded"));
        assertEquals(IngestTestResource.MAX_IN_FLIGHT, InquiryEvents.mentioning(run, IngestTestResource.MAX_IN_FLIGHT).size(),
                "every accepted one is published, none of the refused");
    }
}
