package io.madoguchi.ticket;

import static io.madoguchi.ticket.TicketApi.get;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.madoguchi.chassis.testing.TestProducer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * The workspace's "SLA due within 1 hour / breached" view from escalation-service's sla-due events: soonest due first,
 * breached tickets without a running clock last, tickets due later left out, keyset pages, a paused clock leaving the
 * view; the due time never changes the ticket's version.
 */
@QuarkusTest
@WithTestResource(TicketTestResource.class)
class SlaDueViewTest {

    @Test
    void openTicketsDueWithinAnHourOrBreachedAreListedSoonestFirst() {
        String marker = "due-" + UUID.randomUUID().toString().substring(0, 8);
        long soon = LifecycleApiTest.newTicket("Refund " + marker, "When is my refund?");
        long later = LifecycleApiTest.newTicket("Invoice " + marker, "Where is my invoice?");
        long tomorrow = LifecycleApiTest.newTicket("Address " + marker, "Please change my address");
        long breached = LifecycleApiTest.newTicket("Login " + marker, "I cannot log in");
        String version = TicketApi.version(soon);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);

        due(soon, "first-reply", now.plus(Duration.ofMinutes(10)));
        due(later, "next-reply", now.plus(Duration.ofMinutes(40)));
        due(tomorrow, "resolution", now.plus(Duration.ofHours(20)));
        TestProducer.sendCloudEvent("escalations.v1", Long.toString(breached), UUID.randomUUID(), "io.madoguchi.escalation.sla-breached.v1",
                "{\"ticketId\":" + breached + ",\"metric\":\"first-reply\",\"priority\":\"normal\",\"dueAt\":\"" + now.minusSeconds(60)
                        + "\",\"breachedAt\":\"" + now + "\"}");
        due(breached, null, null);

        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertEquals(List.of(soon, later, breached), view(marker, 25, null)));
        get(soon, "agent").then().statusCode(200);
        JsonPath ticket = get(soon, "agent").jsonPath();
        assertEquals("first-reply", ticket.getString("sla.metric"));
        assertEquals(now.plus(Duration.ofMinutes(10)).toString(), ticket.getString("sla.dueAt"));
        assertEquals(version, TicketApi.version(soon), "an announced due time is no change an agent's edit could collide with");

        // one by one, by the cursor
        List<Long> paged = new ArrayList<>();
        String cursor = null;
        do {
            JsonPath page = given().auth().oauth2(InquiryToTicketTest.token("agent")).queryParam("slaDue", true).queryParam("q", marker)
                    .queryParam("limit", 1).queryParam("cursor", cursor == null ? "" : cursor).when().get("/api/v1/tickets").then()
                    .statusCode(200).extract().jsonPath();
            paged.addAll(page.getList("items.id", Long.class));
            cursor = page.getString("nextCursor");
        } while (cursor != null && paged.size() < 10);
        assertEquals(List.of(soon, later, breached), paged);
        given().auth().oauth2(InquiryToTicketTest.token("agent")).queryParam("slaDue", true).queryParam("cursor", "yesterday")
                .when().get("/api/v1/tickets").then().statusCode(400);

        long counted = given().auth().oauth2(InquiryToTicketTest.token("agent")).when().get("/api/v1/tickets/views").then().statusCode(200)
                .extract().jsonPath().getLong("slaDue");
        assertTrue(counted >= 3, "the view's count holds these three: " + counted);

        // pending pauses the clock: escalation-service announces no due time, and the ticket leaves the view
        due(soon, null, null);
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertEquals(List.of(later, breached), view(marker, 25, null)));
    }

    @Test
    void theTicketShowsEveryClockAsAnnouncedAndABreachMarksItsOwn() {
        String subject = "Clocks " + UUID.randomUUID().toString().substring(0, 8);
        long id = LifecycleApiTest.newTicket(subject, "Several targets");
        String version = TicketApi.version(id);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant firstReply = now.plus(Duration.ofMinutes(30));
        Instant resolution = now.plus(Duration.ofHours(8));
        announce(id, "{\"ticketId\":" + id + ",\"metric\":\"first-reply\",\"dueAt\":\"" + firstReply + "\",\"changedAt\":\"" + now
                + "\",\"clocks\":[{\"metric\":\"first-reply\",\"state\":\"running\",\"dueAt\":\"" + firstReply + "\"},"
                + "{\"metric\":\"resolution\",\"state\":\"running\",\"dueAt\":\"" + resolution + "\"}]}");
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertEquals(List.of("running", "running"),
                get(id, "agent").jsonPath().getList("sla.clocks.state")));
        JsonPath ticket = get(id, "agent").jsonPath();
        assertEquals(List.of("first-reply", "resolution"), ticket.getList("sla.clocks.metric"));
        assertEquals(resolution.toString(), ticket.getString("sla.clocks[1].dueAt"));
        // lists name only the next due time
        JsonPath list = given().auth().oauth2(InquiryToTicketTest.token("agent")).queryParam("q", subject).when().get("/api/v1/tickets")
                .then().statusCode(200).extract().jsonPath();
        assertEquals(List.of(firstReply.toString()), list.getList("items.sla.dueAt"));
        assertEquals(Arrays.asList((Object) null), list.getList("items.sla.clocks"));

        // the first reply breaches: its clock says so, the resolution clock stays as it was
        TestProducer.sendCloudEvent("escalations.v1", Long.toString(id), UUID.randomUUID(), "io.madoguchi.escalation.sla-breached.v1",
                "{\"ticketId\":" + id + ",\"metric\":\"first-reply\",\"priority\":\"normal\",\"dueAt\":\"" + firstReply
                        + "\",\"breachedAt\":\"" + firstReply + "\"}");
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertEquals(List.of("breached", "running"),
                get(id, "agent").jsonPath().getList("sla.clocks.state")));
        assertEquals(firstReply.toString(), get(id, "agent").jsonPath().getString("sla.clocks[0].dueAt"), "when it breached");

        // a record from before clocks were announced changes the next due time and leaves the clocks
        announce(id, "{\"ticketId\":" + id + ",\"changedAt\":\"" + Instant.now() + "\"}");
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> get(id, "agent").jsonPath().getString("sla.dueAt") == null);
        assertEquals(List.of("breached", "running"), get(id, "agent").jsonPath().getList("sla.clocks.state"));
        // the breach tag is the ticket's one change
        assertEquals(Long.parseLong(version.replaceAll("\\D", "")) + 1, Long.parseLong(TicketApi.version(id).replaceAll("\\D", "")));
    }

    private static List<Long> view(String marker, int limit, String cursor) {
        return given().auth().oauth2(InquiryToTicketTest.token("agent")).queryParam("slaDue", true).queryParam("q", marker)
                .queryParam("limit", limit).when().get("/api/v1/tickets").then().statusCode(200).extract().jsonPath()
                .getList("items.id", Long.class);
    }

    private static void due(long ticketId, String metric, Instant dueAt) {
        String data = dueAt == null ? "{\"ticketId\":" + ticketId + ",\"changedAt\":\"" + Instant.now() + "\"}"
                : "{\"ticketId\":" + ticketId + ",\"metric\":\"" + metric + "\",\"dueAt\":\"" + dueAt + "\",\"changedAt\":\"" + Instant.now() + "\"}";
        announce(ticketId, data);
    }

    private static void announce(long ticketId, String data) {
        TestProducer.sendCloudEvent("escalations.v1", Long.toString(ticketId), UUID.randomUUID(), "io.madoguchi.escalation.sla-due.v1", data);
    }
}
