package io.madoguchi.ingest;

import static io.madoguchi.ingest.IngestTestResource.CHAT_SECRET;
import static io.restassured.RestAssured.given;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.madoguchi.chassis.testing.TopicReader;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

@QuarkusTest
@WithTestResource(IngestTestResource.class)
class ChatAdapterTest {

    @Test
    void aHandOverIsAnInquiryWithTheTranscriptAndItsRetryIsTheSameOne() {
        String run = UUID.randomUUID().toString();
        String body = transcript(run, "handover", "支払い方法を変更したい " + run);
        String id = post("widget", body, Signatures.now()).statusCode(202).body("status", equalTo("published")).extract().path("inquiryId");
        String again = post("widget", body, Signatures.now()).statusCode(202).extract().path("inquiryId");
        assertEquals(id, again, "the widget's retry is the same inquiry");

        List<ConsumerRecord<String, String>> events = InquiryEvents.mentioning(run, 1);
        assertEquals(1, events.size());
        assertEquals("io.madoguchi.inquiry.received.v1", TopicReader.header(events.get(0), "ce_type"));
        JsonNode data = InquiryEvents.data(events.get(0));
        assertEquals("chat:widget/conv-" + run, data.get("conversationKey").asText());
        assertEquals("支払い方法を変更したい " + run + "\n\nカードを変えたいです", data.get("body").asText(), "the visitor's own words");
        assertEquals("visitor-42", data.at("/requester/channelUserId").asText());
        assertEquals("hanako@example.jp", data.at("/requester/email").asText());
        assertEquals(4, data.at("/metadata/chat/transcript").size(), "the whole transcript travels with it");
        assertEquals("bot", data.at("/metadata/chat/transcript/1/from").asText());
    }

    @Test
    void aDeflectionIsRecordedForAnalyticsButIsNoInquiry() {
        String run = UUID.randomUUID().toString();
        post("widget", transcript(run, "deflected", "営業時間は? " + run), Signatures.now()).statusCode(202)
                .body("status", equalTo("deflected"));
        List<ConsumerRecord<String, String>> events = InquiryEvents.mentioning(run, 1);
        assertEquals(1, events.size());
        assertEquals("io.madoguchi.inquiry.deflected.v1", TopicReader.header(events.get(0), "ce_type"),
                "ticket-service takes only received events: a deflection never becomes a ticket");
    }

    @Test
    void unknownSourcesForgedSignaturesAndBadTranscriptsAreRefused() {
        String run = UUID.randomUUID().toString();
        String body = transcript(run, "handover", "hello " + run);
        post("no-such-widget", body, Signatures.now()).statusCode(404).contentType("application/problem+json");
        given().contentType("application/json").header("X-Madoguchi-Signature", Signatures.madoguchi("wrong", Signatures.now(), body.getBytes(UTF_8)))
                .body(body).when().post("/webhooks/chat/widget").then().statusCode(401);
        post("widget", body, Signatures.now() - 600).statusCode(401).body("detail", org.hamcrest.Matchers.containsString("window"));
        given().contentType("application/json").header("X-Madoguchi-Signature", "v1=abc")
                .body(body).when().post("/webhooks/chat/widget").then().statusCode(401);
        post("widget", body.replace("\"handover\"", "\"maybe\""), Signatures.now()).statusCode(400)
                .body("detail", equalTo("Field 'outcome' must be handover or deflected"));
        post("widget", "{\"conversationId\":\"c\",\"messageId\":\"m\",\"outcome\":\"handover\",\"visitor\":{\"id\":\"v\"},\"transcript\":[]}",
                Signatures.now()).statusCode(400).body("detail", equalTo("Field 'transcript' must be a non-empty array"));
        post("widget", "not json", Signatures.now()).statusCode(400).contentType("application/problem+json");
        assertTrue(InquiryEvents.mentioning(run, 0).isEmpty());
    }

    private static ValidatableResponse post(String source, String body, long timestamp) {
        return given().contentType("application/json")
                .header("X-Madoguchi-Signature", Signatures.madoguchi(CHAT_SECRET, timestamp, body.getBytes(UTF_8)))
                .body(body).when().post("/webhooks/chat/" + source).then();
    }

    private static String transcript(String run, String outcome, String question) {
        return """
                {"conversationId":"conv-%s","messageId":"handover-%s","outcome":"%s",
                 "visitor":{"id":"visitor-42","email":"hanako@example.jp","name":"山田 花子"},
                 "page":"https://shop.example.jp/account/payment",
                 "transcript":[
                   {"from":"visitor","text":"%s","at":"2026-11-24T01:00:00Z"},
                   {"from":"bot","text":"こちらの記事をご覧ください: 支払い方法の変更","at":"2026-11-24T01:00:02Z"},
                   {"from":"visitor","text":"カードを変えたいです","at":"2026-11-24T01:00:30Z"},
                   {"from":"bot","text":"担当者におつなぎします","at":"2026-11-24T01:00:31Z"}]}"""
                .formatted(run, run, outcome, question);
    }
}
