package io.madoguchi.ticket;

import static io.madoguchi.ticket.TicketApi.patch;
import static io.madoguchi.ticket.TicketApi.version;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.apache.http.conn.params.ConnRoutePNames;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import com.fasterxml.jackson.databind.JsonNode;

import io.madoguchi.chassis.testing.TopicReader;
import io.restassured.RestAssured;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.specification.RequestSpecification;

/** Solved tickets and their surveys as the survey tests need them: the request on survey-requests.v1, the survey row. */
final class Surveys {

    static final String TOPIC = TicketTestResource.SURVEY_REQUESTS;
    static final String REQUESTED = "io.madoguchi.ticket.survey-requested.v1";
    /** As the test resource sets madoguchi.surveys.public-url (with a trailing slash, which the links do not repeat). */
    static final String PUBLIC_URL = "https://support.example.jp";

    /** A solved ticket, its survey request as it went onto survey-requests.v1, and the token in its links. */
    record Solved(long ticketId, ConsumerRecord<String, String> record, JsonNode request, String token) {
    }

    private Surveys() {
    }

    /** An e-mail ticket from taro@example.jp with this subject, solved by an agent. */
    static Solved solve(String subject) {
        UUID inquiryId = UUID.randomUUID();
        String key = "email:<" + inquiryId + "@example.jp>";
        long id = TicketApi.sendInquiry(TicketApi.inquiry(inquiryId, "email", key, "taro@example.jp", "taro@example.jp", subject,
                "お世話になっております。", null), inquiryId, key).path("ticketId").asLong();
        patch(id, version(id), "{\"status\":\"solved\"}").then().statusCode(200);
        ConsumerRecord<String, String> record = requestOf(id);
        JsonNode request = EventSchemas.data(record);
        String page = request.at("/links/page").asText();
        assertTrue(page.startsWith(PUBLIC_URL + "/survey/"), page);
        return new Solved(id, record, request, page.substring((PUBLIC_URL + "/survey/").length()));
    }

    /** The ticket's one survey-requested record (waiting for it to be published). */
    static ConsumerRecord<String, String> requestOf(long ticketId) {
        String key = Long.toString(ticketId);
        TopicReader.readUntil(TOPIC, rs -> rs.stream().anyMatch(r -> key.equals(r.key())), Duration.ofSeconds(20));
        List<ConsumerRecord<String, String>> requests = TopicReader.readToEnd(TOPIC).stream().filter(r -> key.equals(r.key())).toList();
        assertEquals(1, requests.size(), "survey requests of ticket " + ticketId + ": " + requests);
        return requests.get(0);
    }

    /** The ticket's satisfaction-rated events on tickets.v1, waiting for the first. */
    static List<JsonNode> ratingsOf(long ticketId) {
        String key = Long.toString(ticketId);
        TopicReader.readUntil("tickets.v1", rs -> rs.stream().anyMatch(r -> key.equals(r.key()) && rated(r)), Duration.ofSeconds(20));
        return TopicReader.readToEnd("tickets.v1").stream().filter(r -> key.equals(r.key()) && rated(r)).map(EventSchemas::data).toList();
    }

    private static boolean rated(ConsumerRecord<String, String> record) {
        return "io.madoguchi.ticket.satisfaction-rated.v1".equals(TopicReader.header(record, "ce_type"));
    }

    /** When the survey was answered, or null while it is not. */
    static Instant answeredAt(String token) throws SQLException {
        try (Connection db = TicketTestResource.database();
                PreparedStatement query = db.prepareStatement("SELECT answered_at FROM survey WHERE token = ?")) {
            query.setString(1, token);
            try (ResultSet row = query.executeQuery()) {
                assertTrue(row.next(), "no survey " + token);
                Timestamp at = row.getTimestamp(1);
                return at == null ? null : at.toInstant();
            }
        }
    }

    static Instant expiresAt(String token) throws SQLException {
        try (Connection db = TicketTestResource.database();
                PreparedStatement query = db.prepareStatement("SELECT expires_at FROM survey WHERE token = ?")) {
            query.setString(1, token);
            try (ResultSet row = query.executeQuery()) {
                assertTrue(row.next(), "no survey " + token);
                return row.getTimestamp(1).toInstant();
            }
        }
    }

    /** Makes the survey one that expired a moment ago, as if madoguchi.surveys.valid-for had passed. */
    static void expire(String token) throws SQLException {
        try (Connection db = TicketTestResource.database();
                PreparedStatement update = db.prepareStatement("UPDATE survey SET expires_at = now() - interval '1 second' WHERE token = ?")) {
            update.setString(1, token);
            assertEquals(1, update.executeUpdate());
        }
    }

    /**
     * A request from another loopback address (127.0.0.x), so that a test flooding the per-address rate limit empties a
     * bucket no other test uses.
     */
    static RequestSpecification from(String loopbackAddress) {
        try {
            InetAddress local = InetAddress.getByName(loopbackAddress);
            assertTrue(local.isLoopbackAddress(), loopbackAddress);
            return RestAssured.given().config(RestAssuredConfig.config()
                    .httpClient(HttpClientConfig.httpClientConfig().setParam(ConnRoutePNames.LOCAL_ADDRESS, local)));
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
