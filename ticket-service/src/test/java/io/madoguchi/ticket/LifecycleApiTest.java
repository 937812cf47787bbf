package io.madoguchi.ticket;

import static io.madoguchi.ticket.TicketApi.get;
import static io.madoguchi.ticket.TicketApi.patch;
import static io.madoguchi.ticket.TicketApi.version;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.madoguchi.chassis.testing.TopicReader;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
@WithTestResource(TicketTestResource.class)
class LifecycleApiTest {

    @Test
    void agentWorksATicketThroughItsLifecycleAndEveryEventMatchesItsSchema() throws Exception {
        long id = newTicket("Invoice missing", "I did not get my invoice");

        patch(id, null, "{\"status\":\"open\"}").then().statusCode(428).contentType("application/problem+json");
        patch(id, "\"999\"", "{\"status\":\"open\"}").then().statusCode(412).contentType("application/problem+json");
        patch(id, version(id), "{\"status\":\"closed\"}").then().statusCode(409).contentType("application/problem+json")
                .body("detail", equalTo("a new ticket cannot become closed"));
        patch(id, version(id), "{\"status\":\"bogus\",\"priority\":\"whenever\",\"tags\":[\"has space\"]}")
                .then().statusCode(400).body("errors.field", containsInAnyOrder("status", "priority", "tags[0].<list element>"));

        String before = version(id);
        String after = patch(id, before, "{\"status\":\"open\",\"priority\":\"high\",\"queue\":\"billing\",\"assignee\":\"alice\","
                + "\"tags\":[\"billing\",\"請求\"]}")
                .then().statusCode(200)
                .body("status", equalTo("open")).body("priority", equalTo("high")).body("queue", equalTo("billing"))
                .body("assignee", equalTo("alice")).body("tags", contains("billing", "請求"))
                .extract().header("ETag");
        assertTrue(!after.equals(before), "the version moves on with each change");
        patch(id, before, "{\"priority\":\"low\"}").then().statusCode(412);

        given().auth().oauth2(InquiryToTicketTest.token("agent")).contentType(ContentType.JSON)
                .body("{\"body\":\"We have re-sent it.\"}").when().post("/api/v1/tickets/" + id + "/messages")
                .then().statusCode(201).body("authorType", equalTo("agent")).body("visibility", equalTo("public"))
                .body("authorId", equalTo("agent-agent"));
        given().auth().oauth2(InquiryToTicketTest.token("agent")).contentType(ContentType.JSON)
                .body("{\"body\":\"Customer is on the old plan\",\"visibility\":\"internal\"}")
                .when().post("/api/v1/tickets/" + id + "/messages").then().statusCode(201).body("visibility", equalTo("internal"));
        given().auth().oauth2(InquiryToTicketTest.token("agent")).contentType(ContentType.JSON)
                .body("{\"body\":\"\",\"visibility\":\"everyone\"}").when().post("/api/v1/tickets/" + id + "/messages")
                .then().statusCode(400).body("errors.field", containsInAnyOrder("body", "visibility"));

        patch(id, version(id), "{\"status\":\"pending\"}").then().statusCode(200);
        patch(id, version(id), "{\"status\":\"on-hold\"}").then().statusCode(200);
        patch(id, version(id), "{\"status\":\"solved\"}").then().statusCode(200);

        JsonNode request = EventSchemas.data(Surveys.requestOf(id));
        assertEquals("billing", request.path("queue").asText(), "the survey names the ticket's queue, whose address mails it");
        String page = request.at("/links/page").asText();
        String token = page.substring(page.lastIndexOf('/') + 1);
        given().contentType(ContentType.JSON).body("{}").when().post("/api/v1/surveys/" + token)
                .then().statusCode(400).contentType("application/problem+json");
        given().contentType(ContentType.JSON).body("{\"rating\":\"good\",\"score\":5,\"comment\":\"助かりました\"}")
                .when().post("/api/v1/surveys/" + token).then().statusCode(200).body("rating", equalTo("good"));
        given().contentType(ContentType.JSON).body("{\"rating\":\"bad\"}")
                .when().post("/api/v1/surveys/" + token).then().statusCode(409).contentType("application/problem+json");
        given().contentType(ContentType.JSON).body("{\"rating\":\"good\"}")
                .when().post("/api/v1/surveys/no-such-token").then().statusCode(404);

        patch(id, version(id), "{\"status\":\"open\"}").then().statusCode(200);
        get(id, "agent").then().body("reopens", equalTo(1)).body("solvedAt", equalTo(null));
        patch(id, version(id), "{\"status\":\"solved\"}").then().statusCode(200);
        patch(id, version(id), "{\"status\":\"closed\"}").then().statusCode(200);
        patch(id, version(id), "{\"status\":\"open\"}").then().statusCode(409);

        get(id, "agent").then().statusCode(200)
                .body("status", equalTo("closed"))
                .body("messages.visibility", contains("public", "public", "internal"));

        List<ConsumerRecord<String, String>> events = EventSchemas.eventsOf(id);
        Set<String> types = events.stream().map(r -> TopicReader.header(r, "ce_type")).collect(Collectors.toSet());
        assertTrue(types.containsAll(Set.of("io.madoguchi.ticket.created.v1", "io.madoguchi.ticket.status-changed.v1",
                "io.madoguchi.ticket.priority-changed.v1", "io.madoguchi.ticket.assigned.v1", "io.madoguchi.ticket.tags-changed.v1",
                "io.madoguchi.ticket.message-added.v1", "io.madoguchi.ticket.satisfaction-rated.v1")), types.toString());
        EventSchemas.assertValid(events);
        JsonNode note = events.stream().filter(r -> r.value().contains("old plan")).map(EventSchemas::data).findFirst().orElseThrow();
        assertEquals("internal", note.at("/message/visibility").asText());
        JsonNode reply = events.stream().filter(r -> r.value().contains("re-sent it")).map(EventSchemas::data).findFirst().orElseThrow();
        assertEquals("billing", reply.path("queue").asText(), "the reply names the ticket's queue, whose address mails it");
        JsonNode reopened = statusEvents(id).stream().filter(e -> e.path("reopened").asBoolean()).findFirst().orElseThrow();
        assertEquals("solved", reopened.path("from").asText());
    }

    /**
     * A reply carries no version, so a change committed by something else while it was written (here held open until
     * the reply waits on it, as routing's update of a new ticket can be) makes it write again, not answer 412.
     */
    @Test
    void aReplyRacingAnotherChangeOfItsTicketIsWrittenOnceAndNotRefused() throws Exception {
        long id = newTicket("Refund", "Please refund order 42");
        String body = "Refunded " + UUID.randomUUID();
        try (Connection router = TicketTestResource.database(); Connection observer = TicketTestResource.database()) {
            router.setAutoCommit(false);
            try (PreparedStatement change = router.prepareStatement("UPDATE ticket SET version = version + 1, queue = 'billing' WHERE id = ?")) {
                change.setLong(1, id);
                assertEquals(1, change.executeUpdate());
            }
            CompletableFuture<io.restassured.response.Response> reply = CompletableFuture.supplyAsync(() -> given()
                    .auth().oauth2(InquiryToTicketTest.token("agent")).contentType(ContentType.JSON)
                    .body("{\"body\":\"" + body + "\"}").when().post("/api/v1/tickets/" + id + "/messages"));
            Awaitility.await("the reply waiting on the ticket's row").atMost(Duration.ofSeconds(20)).until(() -> {
                try (Statement s = observer.createStatement(); ResultSet waiting = s.executeQuery(
                        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'")) {
                    return waiting.next() && waiting.getInt(1) > 0;
                }
            });
            router.commit();
            reply.get(30, TimeUnit.SECONDS).then().statusCode(201).body("body", equalTo(body));
        }
        JsonNode ticket = TicketApi.JSON.readTree(get(id, "agent").then().statusCode(200).extract().asString());
        assertEquals("billing", ticket.path("queue").asText(), "the other change stands");
        List<String> bodies = new java.util.ArrayList<>();
        ticket.path("messages").forEach(m -> bodies.add(m.path("body").asText()));
        assertEquals(1, bodies.stream().filter(body::equals).count(), "written once: " + bodies);
    }

    @Test
    void macrosAreAdminManagedAndEachUseIsRecorded() throws Exception {
        String name = "resend-invoice-" + UUID.randomUUID().toString().substring(0, 6);
        String macro = "{\"name\":\"" + name + "\",\"replyBody\":\"請求書を再送しました。\",\"setStatus\":\"pending\","
                + "\"addTags\":[\"invoice\"]}";
        given().auth().oauth2(InquiryToTicketTest.token("agent")).contentType(ContentType.JSON).body(macro)
                .when().post("/api/v1/macros").then().statusCode(403);
        long macroId = given().auth().oauth2(InquiryToTicketTest.token("admin")).contentType(ContentType.JSON).body(macro)
                .when().post("/api/v1/macros").then().statusCode(201).body("uses", equalTo(0)).extract().jsonPath().getLong("id");
        given().auth().oauth2(InquiryToTicketTest.token("admin")).contentType(ContentType.JSON).body(macro)
                .when().post("/api/v1/macros").then().statusCode(409);

        long id = newTicket("請求書", "請求書が届いていません");
        given().auth().oauth2(InquiryToTicketTest.token("agent")).header("If-Match", version(id))
                .when().post("/api/v1/tickets/" + id + "/macros/" + macroId)
                .then().statusCode(200).body("status", equalTo("pending")).body("tags", hasItem("invoice"));
        given().auth().oauth2(InquiryToTicketTest.token("agent")).header("If-Match", version(id))
                .when().post("/api/v1/tickets/" + id + "/macros/999999").then().statusCode(404);
        get(id, "agent").then().body("messages.body", hasItem("請求書を再送しました。"));
        given().auth().oauth2(InquiryToTicketTest.token("agent")).when().get("/api/v1/macros")
                .then().statusCode(200).body("find { it.name == '" + name + "' }.uses", equalTo(1));

        List<ConsumerRecord<String, String>> events = EventSchemas.eventsOf(id);
        JsonNode applied = events.stream().filter(r -> "io.madoguchi.ticket.macro-applied.v1".equals(TopicReader.header(r, "ce_type")))
                .map(EventSchemas::data).findFirst().orElseThrow();
        assertEquals(macroId, applied.path("macroId").asLong());
        assertEquals(name, applied.path("macroName").asText());
        EventSchemas.assertValid(events);
    }

    @Test
    void mergedTicketRedirectsAndItsConversationMoves() throws Exception {
        long a = newTicket("Login", "cannot log in");
        long b = newTicket("Login again", "still cannot log in");
        given().auth().oauth2(InquiryToTicketTest.token("agent")).contentType(ContentType.JSON).body("{\"into\":" + b + "}")
                .when().post("/api/v1/tickets/" + a + "/merge").then().statusCode(403);
        given().auth().oauth2(InquiryToTicketTest.token("admin")).contentType(ContentType.JSON).body("{\"into\":" + a + "}")
                .when().post("/api/v1/tickets/" + a + "/merge").then().statusCode(409);
        given().auth().oauth2(InquiryToTicketTest.token("admin")).contentType(ContentType.JSON).body("{\"into\":" + b + "}")
                .when().post("/api/v1/tickets/" + a + "/merge").then().statusCode(200).body("id", equalTo((int) b));

        get(a, "agent").then().statusCode(308).header("Location", org.hamcrest.Matchers.endsWith("/api/v1/tickets/" + b));
        get(b, "agent").then().statusCode(200).body("messages.body", containsInAnyOrder("cannot log in", "still cannot log in"));
        patch(a, "\"0\"", "{\"status\":\"open\"}").then().statusCode(not(equalTo(200)));
        JsonNode merged = EventSchemas.eventsOf(a).stream()
                .filter(r -> "io.madoguchi.ticket.merged.v1".equals(TopicReader.header(r, "ce_type")))
                .map(EventSchemas::data).findFirst().orElseThrow();
        assertEquals(b, merged.path("into").asLong());
        EventSchemas.assertValid(EventSchemas.eventsOf(a));
    }

    static long newTicket(String subject, String body) {
        UUID inquiryId = UUID.randomUUID();
        String key = "api:test/" + inquiryId;
        JsonNode created = TicketApi.sendInquiry(TicketApi.inquiry(inquiryId, "api", key, "u-" + inquiryId, null, subject, body, null),
                inquiryId, key);
        assertNotNull(created.get("ticketId"));
        return created.get("ticketId").asLong();
    }

    private static List<JsonNode> statusEvents(long id) {
        return EventSchemas.eventsOf(id).stream()
                .filter(r -> "io.madoguchi.ticket.status-changed.v1".equals(TopicReader.header(r, "ce_type")))
                .map(EventSchemas::data).toList();
    }

}
