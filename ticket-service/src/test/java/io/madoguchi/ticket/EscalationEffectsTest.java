package io.madoguchi.ticket;

import static io.madoguchi.ticket.TicketApi.get;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.madoguchi.chassis.testing.TestProducer;
import io.madoguchi.chassis.testing.TopicReader;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(TicketTestResource.class)
class EscalationEffectsTest {

    @Test
    void breachTagsTheTicketAndAReassignmentMovesItAndRaisesItsPriorityOnce() {
        long id = LifecycleApiTest.newTicket("Down", "Our site is down");
        UUID breachEvent = UUID.randomUUID();
        String breach = "{\"ticketId\":" + id + ",\"metric\":\"first-reply\",\"breachedAt\":\"2026-11-23T00:50:00Z\"}";
        TestProducer.sendCloudEvent("escalations.v1", Long.toString(id), breachEvent, "io.madoguchi.escalation.sla-breached.v1", breach);
        TestProducer.sendCloudEvent("escalations.v1", Long.toString(id), breachEvent, "io.madoguchi.escalation.sla-breached.v1", breach);
        TestProducer.sendCloudEvent("escalations.v1", Long.toString(id), UUID.randomUUID(), "io.madoguchi.escalation.reassigned.v1",
                "{\"ticketId\":" + id + ",\"queue\":\"dev-oncall\",\"assignee\":\"kenji\",\"priority\":\"urgent\",\"reason\":\"first-reply-breached\"}");

        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> get(id, "agent").then()
                .body("queue", equalTo("dev-oncall")).body("assignee", equalTo("kenji")).body("priority", equalTo("urgent"))
                .body("tags", hasItem("sla-breached")));
        get(id, "agent").then().body("routing.rule", equalTo("escalation:first-reply-breached"));
        var events = EventSchemas.eventsOf(id);
        assertEquals(1, events.stream().filter(r -> "io.madoguchi.ticket.tags-changed.v1".equals(TopicReader.header(r, "ce_type"))).count(),
                "a redelivered breach tags once");
        assertEquals(1, events.stream().filter(r -> "io.madoguchi.ticket.priority-changed.v1".equals(TopicReader.header(r, "ce_type"))).count());
        EventSchemas.assertValid(events);
    }

    @Test
    void aRoutingRuleSetsQueuePriorityAndTagsEachAnnouncedOnce() {
        long id = LifecycleApiTest.newTicket("請求書", "請求書が届きません");
        UUID routedEvent = UUID.randomUUID();
        String routed = "{\"ticketId\":" + id + ",\"queue\":\"billing\",\"rule\":\"billing-ja\",\"ruleVersion\":3,"
                + "\"priority\":\"high\",\"tags\":[\"billing\",\"ja\"],\"channel\":\"api\",\"routedAt\":\"2026-11-23T00:50:00Z\"}";
        TestProducer.sendCloudEvent("escalations.v1", Long.toString(id), routedEvent, "io.madoguchi.escalation.routed.v1", routed);
        TestProducer.sendCloudEvent("escalations.v1", Long.toString(id), routedEvent, "io.madoguchi.escalation.routed.v1", routed);

        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> get(id, "agent").then()
                .body("queue", equalTo("billing")).body("priority", equalTo("high"))
                .body("tags", hasItem("billing")).body("tags", hasItem("ja")));
        var events = EventSchemas.eventsOf(id);
        assertEquals(1, events.stream().filter(r -> "io.madoguchi.ticket.tags-changed.v1".equals(TopicReader.header(r, "ce_type"))).count());
        assertEquals(1, events.stream().filter(r -> "io.madoguchi.ticket.priority-changed.v1".equals(TopicReader.header(r, "ce_type"))).count());
        EventSchemas.assertValid(events);
    }

    @Test
    void aRoutingThatNamesAnOnCallOrCoverPersonAssignsTheTicketToThem() {
        long id = LifecycleApiTest.newTicket("Question", "How do I export invoices?");
        String routed = "{\"ticketId\":" + id + ",\"queue\":\"success\",\"assignee\":\"aiko-sales\",\"assignedVia\":\"cover:4\","
                + "\"rule\":\"questions\",\"ruleVersion\":5,\"tags\":[],\"channel\":\"api\",\"routedAt\":\"2026-12-01T04:30:00Z\"}";
        TestProducer.sendCloudEvent("escalations.v1", Long.toString(id), UUID.randomUUID(), "io.madoguchi.escalation.routed.v1", routed);

        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> get(id, "agent").then()
                .body("queue", equalTo("success")).body("assignee", equalTo("aiko-sales")));
        get(id, "agent").then().body("routing.rule", equalTo("questions")).body("routing.via", equalTo("cover:4"))
                .body("routing.at", equalTo("2026-12-01T04:30:00Z"));
        var events = EventSchemas.eventsOf(id);
        var assigned = events.stream().filter(r -> "io.madoguchi.ticket.assigned.v1".equals(TopicReader.header(r, "ce_type")))
                .map(EventSchemas::data).toList();
        assertEquals(1, assigned.size(), "the routing is announced once");
        assertEquals("success", assigned.get(0).get("queue").asText());
        assertEquals("aiko-sales", assigned.get(0).get("assignee").asText());
        assertEquals("questions", assigned.get(0).get("rule").asText(), "the rule that routed it");
        EventSchemas.assertValid(events);
    }
}
