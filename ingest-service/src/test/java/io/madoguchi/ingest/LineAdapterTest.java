package io.madoguchi.ingest;

import static io.madoguchi.ingest.IngestTestResource.LINE_CHANNEL_SECRET;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

@QuarkusTest
@WithTestResource(IngestTestResource.class)
class LineAdapterTest {

    private static final String BOT = "U8e742f61d673b39c7fff3cecb7536ef0";

    @Test
    void textMessagesFromUsersAndGroupsBecomeInquiriesOtherEventsDoNot() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String body = webhook(
                textEvent("01H810YECXQQZ37VAXPF6H9E6T" + run, false, "{\"type\":\"user\",\"userId\":\"U4af4980629" + run + "\"}",
                        "468789577898262530", "注文した商品が届きません " + run),
                textEvent("01H810YECXQQZ37VAXPF6H9E7U" + run, false,
                        "{\"type\":\"group\",\"groupId\":\"Ca56f94637c" + run + "\",\"userId\":\"U4af4980630" + run + "\"}",
                        "468789577898262531", "グループからの質問 " + run),
                """
                {"type":"message","message":{"type":"sticker","id":"468789577898262532","stickerId":"52002734","packageId":"11537"},
                 "webhookEventId":"01H810YECXQQZ37VAXPF6H9E8V%s","deliveryContext":{"isRedelivery":false},"timestamp":1692251666727,
                 "source":{"type":"user","userId":"U4af4980629%s"},"replyToken":"x","mode":"active"}""".formatted(run, run),
                """
                {"type":"follow","webhookEventId":"01H810YECXQQZ37VAXPF6H9E9W%s","deliveryContext":{"isRedelivery":false},
                 "timestamp":1692251666727,"source":{"type":"user","userId":"U4af4980629%s"},"replyToken":"y","mode":"active"}"""
                        .formatted(run, run));
        post(body).statusCode(200).body("accepted", equalTo(2));

        List<ConsumerRecord<String, String>> events = InquiryEvents.mentioning(run, 2);
        assertEquals(2, events.size());
        JsonNode user = InquiryEvents.data(events.stream().filter(e -> e.value().contains("届きません")).findFirst().orElseThrow());
        assertEquals("line", user.get("channel").asText());
        assertEquals("line:user:U4af4980629" + run, user.get("conversationKey").asText());
        assertEquals("U4af4980629" + run, user.at("/requester/channelUserId").asText());
        assertEquals("468789577898262530", user.get("channelMessageId").asText());
        assertEquals("注文した商品が届きません " + run, user.get("body").asText());
        JsonNode group = InquiryEvents.data(events.stream().filter(e -> e.value().contains("グループ")).findFirst().orElseThrow());
        assertEquals("line:group:Ca56f94637c" + run, group.get("conversationKey").asText());
        assertEquals("group", group.at("/metadata/line/sourceType").asText());
    }

    @Test
    void aRedeliveryOfTheSameWebhookEventIsOneInquiry() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String source = "{\"type\":\"user\",\"userId\":\"U77" + run + "\"}";
        post(webhook(textEvent("01HREDELIVERY" + run, false, source, "5001" + run, "one question " + run))).statusCode(200);
        post(webhook(textEvent("01HREDELIVERY" + run, true, source, "5001" + run, "one question " + run))).statusCode(200);
        assertEquals(1, InquiryEvents.mentioning(run, 1).size());
    }

    @Test
    void forgedOrMissingSignaturesAndBrokenBodiesAreRefused() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String body = webhook(textEvent("01HFORGED" + run, false, "{\"type\":\"user\",\"userId\":\"U1\"}", "1", "forged " + run));
        double forged = Metrics.rejected("line", "signature");
        given().contentType("application/json").header("x-line-signature", Signatures.line("another-secret", body))
                .body(body).when().post("/webhooks/line").then().statusCode(401).contentType("application/problem+json");
        given().contentType("application/json").header("x-line-signature", "not base64!")
                .body(body).when().post("/webhooks/line").then().statusCode(401);
        given().contentType("application/json").body(body).when().post("/webhooks/line").then().statusCode(401);
        assertEquals(forged + 2, Metrics.rejected("line", "signature"));
        post("{\"destination\":\"" + BOT + "\",\"events\":").statusCode(400).contentType("application/problem+json");
        post("{\"destination\":\"" + BOT + "\",\"events\":{}}").statusCode(400).body("detail", equalTo("Field 'events' must be an array"));
        assertTrue(InquiryEvents.mentioning(run, 0).isEmpty());
    }

    @Test
    void theConsoleVerifyRequestWithoutEventsIsAnswered() {
        post("{\"destination\":\"" + BOT + "\",\"events\":[]}").statusCode(200).body("accepted", equalTo(0));
    }

    private static ValidatableResponse post(String body) {
        return given().contentType("application/json").header("x-line-signature", Signatures.line(LINE_CHANNEL_SECRET, body))
                .body(body).when().post("/webhooks/line").then();
    }

    private static String webhook(String... events) {
        return "{\"destination\":\"" + BOT + "\",\"events\":[" + String.join(",", events) + "]}";
    }

    private static String textEvent(String webhookEventId, boolean redelivery, String source, String messageId, String text) {
        return """
                {"type":"message","message":{"type":"text","id":"%s","quoteToken":"q3Plxr4AgKd","text":"%s"},
                 "webhookEventId":"%s","deliveryContext":{"isRedelivery":%s},"timestamp":1692251666727,
                 "source":%s,"replyToken":"38ef843bde154d9b91c21320ffd17a0f","mode":"active"}"""
                .formatted(messageId, text, webhookEventId, redelivery, source);
    }
}
