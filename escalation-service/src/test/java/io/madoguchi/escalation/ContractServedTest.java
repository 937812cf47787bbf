package io.madoguchi.escalation;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

import io.madoguchi.escalation.events.EscalationRouted;
import io.madoguchi.escalation.events.SlaEvents;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(EscalationTestResource.class)
class ContractServedTest {

    private static final List<String> PUBLISHED = List.of(EscalationRouted.TYPE, SlaEvents.WARNING, SlaEvents.BREACHED,
            SlaEvents.REASSIGNED, SlaEvents.MEASURED, SlaEvents.DUE);
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

    @Test
    void theServiceServesTheSchemaOfEveryEventItPublishesAndItsAsyncApiDocumentPointsToThem() throws Exception {
        JsonNode asyncApi = new YAMLMapper().readTree(given().when().get("/asyncapi.yaml").then().statusCode(200)
                .body(containsString("address: " + EscalationRouted.TOPIC)).extract().asString());
        Map<String, String> payloadByName = new HashMap<>();
        asyncApi.at("/components/messages").forEach(message ->
                payloadByName.put(message.path("name").asText(), message.at("/payload/$ref").asText()));

        for (String type : PUBLISHED) {
            String path = "/schemas/" + type + ".json";
            assertEquals(path, payloadByName.get(type), "asyncapi.yaml names " + type + " and points to its schema");
            String schema = given().when().get(path).then().statusCode(200).contentType("application/json")
                    .body("title", equalTo(type)).extract().asString();
            // served as a schema a consumer can compile and check its own examples against
            Schema compiled = REGISTRY.getSchema(schema, InputFormat.JSON);
            for (JsonNode example : new ObjectMapper().readTree(schema).path("examples")) {
                assertTrue(compiled.validate(example.toString(), InputFormat.JSON).isEmpty(), type + " example " + example);
            }
        }
        assertEquals(PUBLISHED.size(), payloadByName.size(), "asyncapi.yaml describes no other message: " + payloadByName.keySet());
    }
}
