package io.madoguchi.escalation;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(EscalationTestResource.class)
class ReadinessTest {

    @Test
    void readinessFollowsTheDatabaseWhileLivenessDoesNot() {
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP")));
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> ready() == 1);
        EscalationTestResource.databaseProxy().cut();
        try {
            Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    given().when().get("/q/health/ready").then().statusCode(503).body("status", equalTo("DOWN")));
            given().when().get("/q/health/live").then().statusCode(200);
            // what MadoguchiServiceNotReady alerts on
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> ready() == 0);
        } finally {
            EscalationTestResource.databaseProxy().restore();
        }
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().when().get("/q/health/ready").then().statusCode(200));
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> ready() == 1);
    }

    private static double ready() {
        return OpsMetricsTest.scraped("madoguchi_ready");
    }
}
