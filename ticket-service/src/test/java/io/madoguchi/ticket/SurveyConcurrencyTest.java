package io.madoguchi.ticket;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** A survey token is single-use under concurrency too: of answers sent at the same moment, one is taken. */
@QuarkusTest
@WithTestResource(TicketTestResource.class)
class SurveyConcurrencyTest {

    private static final int ANSWERS = 8;

    @Test
    void ofParallelAnswersToOneSurveyExactlyOneIsTakenAndOneRatingIsPublished() throws Exception {
        Surveys.Solved solved = Surveys.solve("二重送信");
        CyclicBarrier start = new CyclicBarrier(ANSWERS);
        ExecutorService pool = Executors.newFixedThreadPool(ANSWERS);
        List<Integer> statuses = new ArrayList<>();
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < ANSWERS; i++) {
                String rating = i % 2 == 0 ? "good" : "bad";
                answers.add(pool.submit(() -> {
                    start.await(10, TimeUnit.SECONDS);
                    return given().contentType("application/json").body("{\"rating\":\"" + rating + "\"}")
                            .post("/api/v1/surveys/" + solved.token()).statusCode();
                }));
            }
            for (Future<Integer> answer : answers) {
                statuses.add(answer.get(30, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, statuses.stream().filter(s -> s == 200).count(), statuses.toString());
        assertEquals(ANSWERS - 1, statuses.stream().filter(s -> s == 409).count(), statuses.toString());

        // a marker: another survey answered afterwards; once its rating is out, every rating committed before it is too
        Surveys.Solved marker = Surveys.solve("marker");
        given().contentType("application/json").body("{\"rating\":\"good\"}").post("/api/v1/surveys/" + marker.token()).then().statusCode(200);
        Surveys.ratingsOf(marker.ticketId());
        List<JsonNode> ratings = Surveys.ratingsOf(solved.ticketId());
        assertEquals(1, ratings.size(), ratings.toString());
    }
}
