package io.madoguchi.ticket;

import static io.restassured.RestAssured.given;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.madoguchi.chassis.testing.TestProducer;
import io.madoguchi.chassis.testing.TopicReader;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/** Drives ticket-service the way other systems do: inquiries on the topic, agents over HTTP. */
final class TicketApi {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String INQUIRY = "io.madoguchi.inquiry.received.v1";

    private TicketApi() {
    }

    /** Sends an inquiry and waits for the ticket event that names it; returns that event's data. */
    static JsonNode sendInquiry(String json, UUID inquiryId, String conversationKey) {
        TestProducer.sendCloudEvent("inquiries.v1", conversationKey, UUID.randomUUID(), INQUIRY, json);
        List<ConsumerRecord<String, String>> found = TopicReader.readUntil("tickets.v1",
                        rs -> rs.stream().anyMatch(r -> r.value().contains(inquiryId.toString())), Duration.ofSeconds(20))
                .stream().filter(r -> r.value().contains(inquiryId.toString())).toList();
        if (found.size() != 1) {
            throw new AssertionError("expected one ticket event for inquiry " + inquiryId + ", got " + found.size());
        }
        try {
            return JSON.readTree(found.get(0).value());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String inquiry(UUID inquiryId, String channel, String conversationKey, String userId, String email, String subject,
            String body, String refs) {
        return """
                {"inquiryId":"%s","receivedAt":"2026-11-22T01:00:00Z","channel":"%s","conversationKey":"%s",
                 "requester":{%s%s"displayName":"Requester"},
                 "subject":%s,"body":%s%s}
                """.formatted(inquiryId, channel, conversationKey,
                userId == null ? "" : "\"channelUserId\":" + quote(userId) + ",",
                email == null ? "" : "\"email\":" + quote(email) + ",",
                subject == null ? "null" : quote(subject), quote(body), refs == null ? "" : "," + refs);
    }

    static Response get(long ticketId, String role) {
        return given().auth().oauth2(InquiryToTicketTest.token(role)).redirects().follow(false)
                .when().get("/api/v1/tickets/" + ticketId);
    }

    static String version(long ticketId) {
        return get(ticketId, "agent").then().statusCode(200).extract().header("ETag");
    }

    static Response patch(long ticketId, String ifMatch, String body) {
        var request = given().auth().oauth2(InquiryToTicketTest.token("agent")).contentType(ContentType.JSON).body(body);
        if (ifMatch != null) {
            request.header("If-Match", ifMatch);
        }
        return request.when().patch("/api/v1/tickets/" + ticketId);
    }

    static String quote(String s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
