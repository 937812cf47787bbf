package io.madoguchi.ticket;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(TicketTestResource.class)
class ContractServedTest {

    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

    @Test
    void theServiceServesTheSchemaOfEveryEventItPublishesAndItsAsyncApiDocument() throws Exception {
        for (String event : List.of("created", "message-added", "status-changed", "assigned", "priority-changed", "tags-changed",
                "merged", "macro-applied", "satisfaction-rated", "delivery-retry-requested", "survey-requested")) {
            String type = "io.madoguchi.ticket." + event + ".v1";
            String schema = given().when().get("/schemas/" + type + ".json").then().statusCode(200).body("title", equalTo(type))
                    .extract().asString();
            given().when().get("/asyncapi.yaml").then().statusCode(200).body(containsString("name: " + type));
            // a schema a consumer can compile, and its examples are valid by it
            Schema compiled = REGISTRY.getSchema(schema, InputFormat.JSON);
            for (JsonNode example : TicketApi.JSON.readTree(schema).path("examples")) {
                assertTrue(compiled.validate(example.toString(), InputFormat.JSON).isEmpty(), type + " example " + example);
            }
        }
        given().when().get("/asyncapi.yaml").then().body(containsString("address: survey-requests.v1"));
    }

    @Test
    void theSurveyRequestSchemaRequiresTheLinksAndRefusesOnesThatAreNoUris() throws Exception {
        String schema = given().when().get("/schemas/io.madoguchi.ticket.survey-requested.v1.json").then().statusCode(200).extract().asString();
        Schema compiled = REGISTRY.getSchema(schema, InputFormat.JSON);
        JsonNode example = TicketApi.JSON.readTree(schema).path("examples").get(0);
        assertTrue(compiled.validate(example.toString(), InputFormat.JSON).isEmpty());
        String withoutGood = example.toString().replaceFirst("\"good\":\"[^\"]*\",", "");
        assertFalse(compiled.validate(withoutGood, InputFormat.JSON).isEmpty(), withoutGood);
        String withoutLinks = example.toString().replaceFirst("\"links\":\\{[^}]*},", "");
        assertFalse(compiled.validate(withoutLinks, InputFormat.JSON).isEmpty(), withoutLinks);
        String notAUri = example.toString().replaceFirst("\"page\":\"[^\"]*\"", "\"page\":\"no uri at all\"");
        assertFalse(compiled.validate(notAUri, InputFormat.JSON).isEmpty(), notAUri);
    }
}
