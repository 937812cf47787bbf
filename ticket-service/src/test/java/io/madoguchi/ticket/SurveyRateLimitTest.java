package io.madoguchi.ticket;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/** The public survey answer is rate limited per client address (the tests' bucket: 600 at once, refilled 10 a minute). */
@QuarkusTest
@WithTestResource(TicketTestResource.class)
class SurveyRateLimitTest {

    @Test
    void guessingTokensInBulkIsRefusedWith429AndRetryAfter() {
        // from an address of its own, so the flood leaves the other tests' bucket (127.0.0.1) alone
        int answered = 0;
        Response refused = null;
        while (refused == null && answered < 5_000) {
            Response response = Surveys.from("127.0.0.6").contentType("application/json").body("{\"rating\":\"good\"}")
                    .when().post("/api/v1/surveys/guess-" + answered);
            if (response.statusCode() == 429) {
                refused = response;
            } else {
                answered++;
            }
        }
        assertTrue(refused != null && answered >= 600, "refused after " + answered + " guesses");
        refused.then().contentType("application/problem+json").body("title", equalTo("Too Many Requests"));
        long retryAfter = Long.parseLong(refused.header("Retry-After"));
        assertTrue(retryAfter >= 1 && retryAfter <= 60, "Retry-After " + retryAfter);
        // another address still answers
        given().contentType("application/json").body("{\"rating\":\"good\"}").when().post("/api/v1/surveys/guess").then().statusCode(404);
    }

    @Test
    void behindTheTrustedProxyEachForwardedClientHasItsOwnBudgetAndNobodyElseCanChooseOne() {
        // the ingress (127.0.0.1, trusted in the tests) forwards a flood from one client
        int answered = 0;
        while (answered < 5_000 && given().header("X-Forwarded-For", "203.0.113.7").contentType("application/json")
                .body("{\"rating\":\"good\"}").when().post("/api/v1/surveys/guess-" + answered).statusCode() != 429) {
            answered++;
        }
        assertTrue(answered >= 600 && answered < 5_000, "the forwarded client was refused after " + answered + " guesses");
        // another client behind the same ingress still answers
        given().header("X-Forwarded-For", "203.0.113.8").contentType("application/json").body("{\"rating\":\"good\"}")
                .when().post("/api/v1/surveys/guess").then().statusCode(404);
        // a client connecting directly is counted by its own address, whatever X-Forwarded-For it sends
        Surveys.from("127.0.0.8").header("X-Forwarded-For", "203.0.113.7").contentType("application/json").body("{\"rating\":\"good\"}")
                .when().post("/api/v1/surveys/guess").then().statusCode(404);
    }
}
