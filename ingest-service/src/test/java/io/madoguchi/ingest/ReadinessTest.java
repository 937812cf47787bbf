package io.madoguchi.ingest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(IngestTestResource.class)
class ReadinessTest {

    @Test
    void readinessFollowsTheDatabaseWhileLivenessDoesNot() {
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP")));
        IngestTestResource.databaseProxy().cut();
        try {
            Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    given().when().get("/q/health/ready").then().statusCode(503).body("status", equalTo("DOWN")));
            given().when().get("/q/health/live").then().statusCode(200);
            // an inquiry that cannot be stored is refused clearly, so the sender retries, and not as a server bug
            given().contentType("application/json").header("X-Api-Key", "test-crm-key")
                    .body("{\"channel\":\"api\",\"requester\":{\"email\":\"h@example.jp\"},\"body\":\"while the database is away\"}")
                    .when().post("/api/v1/inquiries")
                    .then().statusCode(503).header("Retry-After", "5").contentType("application/problem+json")
                    .body("detail", org.hamcrest.Matchers.containsString("nothing was stored"));
        } finally {
            IngestTestResource.databaseProxy().restore();
        }
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().when().get("/q/health/ready").then().statusCode(200));
    }
}
