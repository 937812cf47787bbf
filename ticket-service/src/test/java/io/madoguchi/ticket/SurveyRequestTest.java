package io.madoguchi.ticket;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import io.madoguchi.chassis.testing.PublishedSchemas;
import io.madoguchi.chassis.testing.TopicReader;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** Solving a ticket asks the delivering service, privately, to send the survey; the public topic never sees its token. */
@QuarkusTest
@WithTestResource(TicketTestResource.class)
class SurveyRequestTest {

    @Test
    void solvingATicketPublishesTheSurveyRequestOnThePrivateTopicWithLinksWhoseTokenAnswersTheSurvey() throws Exception {
        Surveys.Solved solved = Surveys.solve("請求書が届きません");
        String id = Long.toString(solved.ticketId());
        ConsumerRecord<String, String> record = solved.record();
        assertEquals(id, record.key());
        assertEquals(Surveys.REQUESTED, TopicReader.header(record, "ce_type"));
        assertEquals("/ticket-service", TopicReader.header(record, "ce_source"));
        assertEquals(id, TopicReader.header(record, "ce_subject"));
        PublishedSchemas.assertValid(record);

        var request = solved.request();
        assertEquals(solved.ticketId(), request.path("ticketId").asLong());
        assertEquals("email", request.path("channel").asText());
        assertTrue(request.path("conversationKey").asText().startsWith("email:<"), request.toString());
        assertEquals("請求書が届きません", request.path("subject").asText());
        assertEquals("taro@example.jp", request.at("/requester/channelUserId").asText());
        assertEquals("taro@example.jp", request.at("/requester/email").asText());
        assertEquals("Requester", request.at("/requester/displayName").asText());
        String page = Surveys.PUBLIC_URL + "/survey/" + solved.token();
        assertEquals(page, request.at("/links/page").asText());
        assertEquals(page + "?rating=good", request.at("/links/good").asText());
        assertEquals(page + "?rating=bad", request.at("/links/bad").asText());
        assertTrue(solved.token().matches("[A-Za-z0-9_-]{32}"), solved.token());
        Instant requestedAt = Instant.parse(request.path("requestedAt").asText());
        Instant expiresAt = Instant.parse(request.path("expiresAt").asText());
        // madoguchi.surveys.valid-for defaults to P30D; expiresAt is kept to the database's microseconds
        assertEquals(requestedAt.plus(Duration.ofDays(30)).truncatedTo(ChronoUnit.MICROS), expiresAt);
        assertEquals(expiresAt, Surveys.expiresAt(solved.token()));

        given().contentType(ContentType.JSON).body("{\"rating\":\"good\"}").when().post("/api/v1/surveys/" + solved.token())
                .then().statusCode(200).body("ticketId", equalTo((int) solved.ticketId())).body("rating", equalTo("good"));
    }

    @Test
    void theStatusChangedOfASolveCarriesNoSurveyTokenAndNothingOnTicketsV1Does() throws Exception {
        Surveys.Solved solved = Surveys.solve("Login fails");
        String id = Long.toString(solved.ticketId());
        TopicReader.readUntil("tickets.v1", rs -> rs.stream().anyMatch(r -> id.equals(r.key()) && r.value().contains("\"to\":\"solved\"")),
                Duration.ofSeconds(20));
        List<ConsumerRecord<String, String>> events = TopicReader.readToEnd("tickets.v1").stream().filter(r -> id.equals(r.key())).toList();
        var solves = events.stream().filter(r -> "io.madoguchi.ticket.status-changed.v1".equals(TopicReader.header(r, "ce_type")))
                .map(EventSchemas::data).filter(e -> "solved".equals(e.path("to").asText())).toList();
        assertEquals(1, solves.size(), events.toString());
        assertFalse(solves.get(0).has("surveyToken"), solves.get(0).toString());
        events.forEach(r -> assertFalse(r.value().contains(solved.token()), "the token is on tickets.v1: " + r.value()));
        assertTrue(events.stream().noneMatch(r -> Surveys.REQUESTED.equals(TopicReader.header(r, "ce_type"))));
        EventSchemas.assertValid(events);
    }

    @Test
    void anExpiredSurveyCannotBeAnsweredThroughTheApi() throws Exception {
        Surveys.Solved solved = Surveys.solve("Refund");
        Surveys.expire(solved.token());
        given().contentType(ContentType.JSON).body("{\"rating\":\"good\"}").when().post("/api/v1/surveys/" + solved.token())
                .then().statusCode(410).contentType("application/problem+json").body("title", equalTo("Gone"));
        assertEquals(null, Surveys.answeredAt(solved.token()));
    }
}
