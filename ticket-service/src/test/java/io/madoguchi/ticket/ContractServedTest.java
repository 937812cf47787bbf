package io.madoguchi.ticket;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(TicketTestResource.class)
class ContractServedTest {

    @Test
    void theServiceServesTheSchemaOfEveryEventItPublishesAndItsAsyncApiDocument() {
        for (String event : List.of("created", "message-added", "status-changed", "assigned", "priority-changed", "tags-changed",
                "merged", "macro-applied", "satisfaction-rated", "delivery-retry-requested")) {
            String type = "io.madoguchi.ticket." + event + ".v1";
            given().when().get("/schemas/" + type + ".json").then().statusCode(200).body("title", equalTo(type));
            given().when().get("/asyncapi.yaml").then().statusCode(200).body(containsString("name: " + type));
        }
    }
}
