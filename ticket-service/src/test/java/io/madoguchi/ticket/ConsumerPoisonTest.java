package io.madoguchi.ticket;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;

import java.time.Instant;
import java.util.UUID;
import java.util.function.Function;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import io.madoguchi.chassis.testing.PoisonCases;
import io.madoguchi.chassis.testing.TestProducer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * Each consumer of ticket-service survives the three records of {@link PoisonCases} and goes on; a dead letter is
 * replayed through the admin API once its fault is gone.
 */
@QuarkusTest
@WithTestResource(TicketTestResource.class)
class ConsumerPoisonTest {

    private static final String PROCESSED = "SELECT count(*) FROM processed_event WHERE event_id = ?";
    /** An inquiry's message is its idempotency mark; the event id is the inquiry's here. */
    private static final String THREADED = "SELECT count(*) FROM ticket_message WHERE inquiry_id = ?";

    @Test
    void anInquiryWithAValuelessHeaderAnUnreadableTimeOrAnUnexpectedErrorIsDeadLetteredAndTheNextIsThreaded() {
        String key = "poison-cases-" + UUID.randomUUID();
        // the event's id is the inquiry's, so that the message it leaves can be found by it
        Function<UUID, ProducerRecord<String, byte[]>> inquiry = id -> TestProducer.cloudEvent("inquiries.v1", key, id,
                "io.madoguchi.inquiry.received.v1", Events.inquiry(id, key, "Poison cases", "one of four"));
        PoisonCases.Sent sent = PoisonCases.send(inquiry);
        PoisonCases.awaitApplied(THREADED, sent.good());
        PoisonCases.assertDeadLettered("inquiries.v1", sent);
        PoisonCases.assertReplayedOnce("inquiries.v1", sent, inquiry, THREADED, null,
                InquiryToTicketTest.token("admin"));
    }

    @Test
    void deadLettersAreForAdminsOnlyAndAnUnknownTopicOrPlaceIsAProblem() {
        given().when().get("/admin/v1/dead-letters/inquiries.v1").then().statusCode(401);
        given().auth().oauth2(InquiryToTicketTest.token("agent")).when().get("/admin/v1/dead-letters/inquiries.v1").then().statusCode(403);
        String admin = InquiryToTicketTest.token("admin");
        given().auth().oauth2(admin).when().get("/admin/v1/dead-letters").then().statusCode(200)
                .body("topics", containsInAnyOrder("inquiries.v1", "escalations.v1", "deliveries.v1"));
        given().auth().oauth2(admin).when().get("/admin/v1/dead-letters/tickets.v1").then().statusCode(404)
                .contentType("application/problem+json");
        given().auth().oauth2(admin).queryParam("since", "yesterday").when().get("/admin/v1/dead-letters/inquiries.v1").then().statusCode(400)
                .contentType("application/problem+json");
        given().auth().oauth2(admin).contentType(ContentType.JSON).body("{\"letters\":[{\"partition\":0,\"offset\":999999999}]}")
                .when().post("/admin/v1/dead-letters/inquiries.v1/replay").then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(admin).contentType(ContentType.JSON).body("{}")
                .when().post("/admin/v1/dead-letters/inquiries.v1/replay").then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(admin).contentType(ContentType.JSON).body("{\"since\":\"2026-01-01T00:00:00Z\",\"letters\":[]}")
                .when().post("/admin/v1/dead-letters/inquiries.v1/replay").then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void anEscalationEventWithAValuelessHeaderAnUnreadableTimeOrAnUnexpectedErrorIsDeadLetteredAndTheNextIsApplied() {
        PoisonCases.Sent sent = PoisonCases.send(id -> TestProducer.cloudEvent("escalations.v1", "900000001", id,
                "io.madoguchi.escalation.routed.v1", "{\"ticketId\":900000001,\"queue\":\"billing\",\"rule\":\"r\",\"ruleVersion\":1,"
                        + "\"channel\":\"api\",\"routedAt\":\"" + Instant.now() + "\"}"));
        PoisonCases.awaitApplied(PROCESSED, sent.good());
        PoisonCases.assertDeadLettered("escalations.v1", sent);
    }

    @Test
    void aDeliveryOutcomeWithAValuelessHeaderAnUnreadableTimeOrAnUnexpectedErrorIsDeadLetteredAndTheNextIsApplied() {
        PoisonCases.Sent sent = PoisonCases.send(id -> TestProducer.cloudEvent("deliveries.v1", "900000002", id,
                "io.madoguchi.delivery.sent.v1", DeliveryStateTest.sent(UUID.randomUUID(), 900000002, 1, Instant.now().toString())));
        PoisonCases.awaitApplied(PROCESSED, sent.good());
        PoisonCases.assertDeadLettered("deliveries.v1", sent);
    }
}
