package io.madoguchi.ingest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Each sender of each webhook source gets madoguchi.webhooks.rate-limit-per-minute (600) requests a minute. */
@QuarkusTest
@WithTestResource(IngestTestResource.class)
class WebhookRateLimitTest {

    @Test
    void aFloodFromOneSenderIsRefusedWith429AndRetryAfterWhileOtherSourcesGoOn() {
        String flooded = "/webhooks/chat/flood" + UUID.randomUUID().toString().substring(0, 8);
        double before = Metrics.rejected("chat", "rate-limited");
        // an unknown source answers 404, but every request still counts against the sender's budget, which refills at
        // 10 a second: a flood faster than that runs out after a little more than 600
        int passed = 0;
        io.restassured.response.Response refused = null;
        while (refused == null && passed < 3_000) {
            io.restassured.response.Response response = given().contentType("application/json").body("{}").when().post(flooded);
            if (response.statusCode() == 429) {
                refused = response;
            } else {
                assertEquals(404, response.statusCode());
                passed++;
            }
        }
        assertTrue(refused != null && passed >= 600, "refused after " + passed + " requests");
        refused.then().contentType("application/problem+json").body("title", equalTo("Too Many Requests"));
        String retryAfter = refused.header("Retry-After");
        long seconds = Long.parseLong(retryAfter);
        assertTrue(seconds >= 1 && seconds <= 60, "Retry-After " + retryAfter);
        assertEquals(before + 1, Metrics.rejected("chat", "rate-limited"));

        given().contentType("application/json").body("{}").when().post("/webhooks/chat/another" + UUID.randomUUID().toString().substring(0, 8))
                .then().statusCode(not(equalTo(429)));
    }
}
