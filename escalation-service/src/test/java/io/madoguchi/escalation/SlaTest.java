package io.madoguchi.escalation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.madoguchi.chassis.testing.PublishedSchemas;
import io.madoguchi.chassis.testing.TestProducer;
import io.madoguchi.chassis.testing.TopicReader;
import io.madoguchi.escalation.service.sla.SlaTimers;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/** Test configuration: "high" tickets have a 3-second first-reply and next-reply target in calendar time. */
@QuarkusTest
@WithTestResource(EscalationTestResource.class)
class SlaTest {

    private static final String WARNING = "io.madoguchi.escalation.sla-warning.v1";
    private static final String BREACHED = "io.madoguchi.escalation.sla-breached.v1";
    private static final String REASSIGNED = "io.madoguchi.escalation.reassigned.v1";
    private static final String MEASURED = "io.madoguchi.escalation.sla-measured.v1";
    private static final String DUE = "io.madoguchi.escalation.sla-due.v1";

    private final ObjectMapper json = new ObjectMapper();

    @Inject
    SlaTimers timers;

    @Inject
    MeterRegistry registry;

    @Test
    void anUnansweredTicketWarnsThenBreachesWithNoFurtherEventAndIsEscalatedOnce() throws Exception {
        double breachesBefore = breachesCounted();
        long id = newTicket("high");
        // several "replicas" race the scheduler for the same due clock
        ExecutorService replicas = Executors.newFixedThreadPool(4);
        List<Future<?>> racing = new ArrayList<>();
        long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        for (int i = 0; i < 4; i++) {
            racing.add(replicas.submit(() -> {
                while (System.nanoTime() < until) {
                    timers.fire().await().atMost(Duration.ofSeconds(5));
                }
                return null;
            }));
        }
        for (Future<?> f : racing) {
            f.get();
        }
        replicas.shutdown();

        // the timers are done; an agent's reply now ends the clock, and what it measured is announced after any
        // breach a timer had written: reading up to that marker sees every breach there is
        send(id, "io.madoguchi.ticket.message-added.v1", message(id, "agent", Instant.now()));
        List<ConsumerRecord<String, String>> events = eventsOf(id, r -> MEASURED.equals(type(r)), Duration.ofSeconds(20));
        assertEquals(1, count(events, WARNING), "one warning");
        assertEquals(1, count(events, BREACHED), "one breach, however many timers ran");
        assertEquals(1, count(events, REASSIGNED), "one escalation");
        JsonNode breach = data(events, BREACHED);
        assertEquals("first-reply", breach.get("metric").asText());
        JsonNode reassigned = data(events, REASSIGNED);
        assertEquals("urgent", reassigned.get("priority").asText(), "a first-reply breach raises high to urgent");
        assertEquals("first-reply-breached", reassigned.get("reason").asText());
        long late = Duration.between(Instant.parse(breach.get("dueAt").asText()), Instant.parse(breach.get("breachedAt").asText())).toMillis();
        assertTrue(late >= 0 && late < 2_000, "fired " + late + " ms after due");
        PublishedSchemas.assertValid(events);
        // what MadoguchiSlaBreachRateRising alerts on (other tests' tickets may breach meanwhile: at least this one)
        assertTrue(breachesCounted() - breachesBefore >= 1, "madoguchi_sla_breaches_total{metric=first-reply} counted the breach");
    }

    private double breachesCounted() {
        return registry.find("madoguchi.sla.breaches").tag("metric", "first-reply").counter().count();
    }

    @Test
    void aPublicAgentReplyStopsTheFirstReplyClockAndAnnouncesWhatItMeasured() throws Exception {
        long id = newTicket("high");
        Thread.sleep(1_200);
        Instant replied = Instant.now();
        send(id, "io.madoguchi.ticket.message-added.v1", "{\"ticketId\":" + id + ",\"message\":{\"messageId\":2,\"authorType\":\"agent\","
                + "\"visibility\":\"public\",\"channel\":\"email\",\"body\":\"On it\",\"createdAt\":\"" + replied + "\"}}");
        // a ticket created after this one, with the same target, is left unanswered: once it has breached, this one
        // would have too
        long marker = newTicket("high");
        eventsOf(marker, r -> BREACHED.equals(type(r)), Duration.ofSeconds(20));
        List<ConsumerRecord<String, String>> events = eventsOf(id, r -> MEASURED.equals(type(r)), Duration.ofSeconds(5));
        assertEquals(0, count(events, BREACHED), "answered in time");
        assertEquals(1, count(events, MEASURED), "the first-reply clock's end is announced once");
        JsonNode measured = data(events, MEASURED);
        assertEquals("first-reply", measured.get("metric").asText());
        assertEquals(false, measured.get("breached").asBoolean());
        assertEquals(replied.toString(), measured.get("endedAt").asText());
        long elapsed = measured.get("elapsedSeconds").asLong();
        assertTrue(elapsed >= 1 && elapsed <= 3, "elapsed " + elapsed + " s from creation to the reply");
        assertEquals(elapsed, measured.get("runningSeconds").asLong(), "never paused");
        assertTrue(measured.get("elapsedBusinessSeconds").asLong() <= elapsed);
        JsonNode lastDue = null;
        for (ConsumerRecord<String, String> r : events) {
            lastDue = DUE.equals(type(r)) ? json.readTree(r.value()) : lastDue;
        }
        assertEquals("first-reply met null", clock(lastDue, "first-reply"), "the announced clocks after the reply: " + lastDue);
        PublishedSchemas.assertValid(events);
    }

    @Test
    void pendingPausesTheClockAndOpenResumesIt() throws Exception {
        pausesTheClockUntilOpenResumesIt("pending");
    }

    @Test
    void onHoldPausesTheClockAndOpenResumesIt() throws Exception {
        pausesTheClockUntilOpenResumesIt("on-hold");
    }

    private void pausesTheClockUntilOpenResumesIt(String status) throws Exception {
        long id = newTicket("high");
        Instant created = Instant.now();
        send(id, "io.madoguchi.ticket.status-changed.v1", statusChange(id, "new", status, created.plusMillis(1_000)));
        // a ticket created after this one, with the same target, is left open: once it has breached, this one would
        // have too, had the pause not held its clock (the timers fire due clocks in due order)
        long marker = newTicket("high");
        eventsOf(marker, r -> BREACHED.equals(type(r)), Duration.ofSeconds(20));
        assertEquals(0, count(eventsOf(id, r -> true, Duration.ofSeconds(1)), BREACHED), "no breach while " + status);

        Instant reopened = Instant.now();
        send(id, "io.madoguchi.ticket.status-changed.v1", statusChange(id, status, "open", reopened));
        List<ConsumerRecord<String, String>> events = eventsOf(id, r -> BREACHED.equals(type(r)), Duration.ofSeconds(10));
        JsonNode breach = data(events, BREACHED);
        // 1 s was used before the pause, so 2 s remain after the resume (whole seconds are counted)
        long afterResume = Duration.between(reopened, Instant.parse(breach.get("dueAt").asText())).toMillis();
        assertTrue(afterResume >= 1_900 && afterResume <= 2_100, "due " + afterResume + " ms after the resume");

        // the next due time as announced: set at creation, gone while paused, the breach's once resumed
        List<JsonNode> dues = new java.util.ArrayList<>();
        for (ConsumerRecord<String, String> r : events) {
            if (DUE.equals(type(r))) {
                dues.add(json.readTree(r.value()));
            }
        }
        assertEquals(3, dues.size(), "created, paused, resumed: " + dues);
        assertEquals("first-reply", dues.get(0).get("metric").asText());
        assertTrue(Instant.parse(dues.get(0).get("dueAt").asText()).isAfter(created), dues.get(0).toString());
        assertTrue(!dues.get(1).has("dueAt") && !dues.get(1).has("metric"), "no clock runs while " + status + ": " + dues.get(1));
        assertEquals(breach.get("dueAt").asText(), dues.get(2).get("dueAt").asText());
        // and each clock's state: running, paused without a due time, running again
        assertEquals("first-reply running " + dues.get(0).get("dueAt").asText(), clock(dues.get(0), "first-reply"));
        assertEquals("first-reply paused null", clock(dues.get(1), "first-reply"));
        assertEquals("first-reply running " + breach.get("dueAt").asText(), clock(dues.get(2), "first-reply"));
        PublishedSchemas.assertValid(events);
    }

    @Test
    void aRequesterMessageAfterTheReplyStartsTheNextReplyClockWhoseBreachGoesToTheOnCallPerson() throws Exception {
        io.restassured.RestAssured.given().auth().oauth2(EscalationTestResource.tokens().mint("lead", java.util.Set.of("admin"), Duration.ofMinutes(5)))
                .contentType("application/json").body("""
                        {"queue":"dev-oncall-sla","zone":"UTC","handoffTime":"00:00","rotationDays":1,"startsOn":"2026-01-01",
                         "members":["hana"]}""")
                .when().put("/api/v1/rotas/sla-oncall").then().statusCode(200);
        long id = newTicket("high");
        send(id, "io.madoguchi.ticket.message-added.v1", message(id, "agent", Instant.now()));
        send(id, "io.madoguchi.ticket.message-added.v1", message(id, "requester", Instant.now().plusMillis(200)));
        List<ConsumerRecord<String, String>> events = eventsOf(id, r -> BREACHED.equals(type(r)), Duration.ofSeconds(10));
        assertEquals(1, count(events, BREACHED));
        assertEquals("next-reply", data(events, BREACHED).get("metric").asText());
        JsonNode reassigned = data(events, REASSIGNED);
        assertEquals("dev-oncall-sla", reassigned.get("queue").asText());
        assertEquals("hana", reassigned.get("assignee").asText(), "the on-call person is named");
        PublishedSchemas.assertValid(events);
    }

    @Test
    void aQueueCanHaveTighterTargetsThanItsPriority() throws Exception {
        String marker = "vip" + UUID.randomUUID().toString().substring(0, 8);
        io.restassured.RestAssured.given().auth().oauth2(EscalationTestResource.tokens().mint("lead", java.util.Set.of("admin"), Duration.ofMinutes(5)))
                .contentType("application/yaml").body("""
                        rules:
                          - {name: vip-%s, when: {keywords: [%s]}, then: {queue: vip-sla}}
                          - {name: default, then: {queue: tier1}}
                        """.formatted(marker, marker).getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .when().put("/api/v1/routing/rules").then().statusCode(200);
        long vip = newTicket("normal", marker + " please");
        long other = newTicket("normal", "please");
        List<ConsumerRecord<String, String>> events = eventsOf(vip, r -> BREACHED.equals(type(r)), Duration.ofSeconds(10));
        JsonNode breach = data(events, BREACHED);
        assertEquals("first-reply", breach.get("metric").asText());
        assertEquals(2_000, Duration.between(Instant.parse(json.readTree(events.stream()
                .filter(r -> "io.madoguchi.escalation.routed.v1".equals(type(r))).findFirst().orElseThrow().value()).get("routedAt").asText()),
                Instant.parse(breach.get("dueAt").asText())).toMillis(), 1_000, "due 2 s after creation");
        assertEquals(0, count(eventsOf(other, r -> true, Duration.ofSeconds(1)), BREACHED), "the same priority elsewhere has hours");
    }

    private static long newTicket(String priority) {
        return newTicket(priority, "help");
    }

    private static long newTicket(String priority, String body) {
        long id = ThreadLocalRandom.current().nextLong(1_000, 1_000_000_000);
        send(id, "io.madoguchi.ticket.created.v1", """
                {"ticketId":%d,"conversationKey":"api:%d","status":"new","priority":"%s","channel":"api","subject":"SLA",
                 "createdAt":"%s","message":{"messageId":1,"authorType":"requester","body":"%s"}}
                """.formatted(id, id, priority, Instant.now(), body));
        return id;
    }

    private static String message(long id, String author, Instant at) {
        return "{\"ticketId\":" + id + ",\"message\":{\"messageId\":3,\"authorType\":\"" + author + "\",\"visibility\":\"public\","
                + "\"channel\":\"email\",\"body\":\"…\",\"createdAt\":\"" + at + "\"}}";
    }

    private static String statusChange(long id, String from, String to, Instant at) {
        return "{\"ticketId\":" + id + ",\"from\":\"" + from + "\",\"to\":\"" + to + "\",\"changedAt\":\"" + at + "\"}";
    }

    private static void send(long id, String type, String data) {
        TestProducer.sendCloudEvent("tickets.v1", Long.toString(id), UUID.randomUUID(), type, data);
    }

    private static List<ConsumerRecord<String, String>> eventsOf(long id, java.util.function.Predicate<ConsumerRecord<String, String>> awaited,
            Duration wait) {
        String key = Long.toString(id);
        TopicReader.readUntil("escalations.v1", rs -> rs.stream().anyMatch(r -> key.equals(r.key()) && awaited.test(r)), wait);
        // the awaited event comes after every event the test counts: reading to the end offsets sees them all
        return TopicReader.readToEnd("escalations.v1").stream().filter(r -> key.equals(r.key())).toList();
    }

    private static String type(ConsumerRecord<String, String> r) {
        return TopicReader.header(r, "ce_type");
    }

    private static long count(List<ConsumerRecord<String, String>> events, String type) {
        return events.stream().filter(r -> type.equals(type(r))).count();
    }

    private JsonNode data(List<ConsumerRecord<String, String>> events, String type) throws Exception {
        return json.readTree(events.stream().filter(r -> type.equals(type(r))).findFirst().orElseThrow().value());
    }

    /** A clock of an sla-due record as "metric state dueAt". */
    private static String clock(JsonNode due, String metric) {
        for (JsonNode clock : due.path("clocks")) {
            if (metric.equals(clock.path("metric").asText())) {
                return metric + " " + clock.path("state").asText() + " " + (clock.has("dueAt") ? clock.get("dueAt").asText() : "null");
            }
        }
        return metric + " absent from " + due;
    }
}
