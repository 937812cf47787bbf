package io.madoguchi.ingest;

import static io.madoguchi.ingest.IngestTestResource.SLACK_SIGNING_SECRET;
import static io.madoguchi.ingest.IngestTestResource.SLACK_SUPPORT_CHANNEL;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.madoguchi.chassis.testing.TopicReader;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

@QuarkusTest
@WithTestResource(IngestTestResource.class)
class SlackAdapterTest {

    @Test
    void urlVerificationAnswersTheChallengeOnlyWhenSigned() {
        String body = "{\"token\":\"Jhj5dZrVaK7ZwHHjRyZWjbDl\",\"challenge\":\"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P\",\"type\":\"url_verification\"}";
        post(body, Signatures.now(), null).statusCode(200).body("challenge", equalTo("3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"));
        given().contentType("application/json").body(body).when().post("/webhooks/slack/events")
                .then().statusCode(401).contentType("application/problem+json");
    }

    @Test
    void forgedStaleOrMissingSignaturesAreRefusedAndCounted() {
        String ts = ts();
        String body = messageEvent("Ev" + ts, SLACK_SUPPORT_CHANNEL, "U1", ts, null, "forged " + ts);
        double forged = Metrics.rejected("slack", "signature");
        double stale = Metrics.rejected("slack", "stale-timestamp");
        double missing = Metrics.rejected("slack", "missing-signature");
        long now = Signatures.now();
        given().contentType("application/json").header("X-Slack-Request-Timestamp", now)
                .header("X-Slack-Signature", Signatures.slack("not-the-secret", now, body))
                .body(body).when().post("/webhooks/slack/events").then().statusCode(401).contentType("application/problem+json");
        // signed correctly, but six minutes ago: a replay
        post(body, now - 360, null).statusCode(401).body("detail", org.hamcrest.Matchers.containsString("window"));
        given().contentType("application/json").body(body).when().post("/webhooks/slack/events").then().statusCode(401);
        // the body changed after signing
        given().contentType("application/json").header("X-Slack-Request-Timestamp", now)
                .header("X-Slack-Signature", Signatures.slack(SLACK_SIGNING_SECRET, now, body))
                .body(body.replace("forged", "tampered")).when().post("/webhooks/slack/events").then().statusCode(401);
        assertEquals(forged + 2, Metrics.rejected("slack", "signature"));
        assertEquals(stale + 1, Metrics.rejected("slack", "stale-timestamp"));
        assertEquals(missing + 1, Metrics.rejected("slack", "missing-signature"));
        assertTrue(InquiryEvents.mentioning(ts, 0).isEmpty(), "a refused request produces no event");
    }

    @Test
    void malformedSignedJsonIsA400() {
        post("{\"type\":\"event_callback\",", Signatures.now(), null).statusCode(400).contentType("application/problem+json");
        post("{\"type\":\"event_callback\",\"event\":{\"type\":\"message\"}}", Signatures.now(), null)
                .statusCode(400).body("detail", equalTo("Field 'team_id' is required"));
    }

    @Test
    void aSupportChannelMessageAndItsRetriesAreOneInquiryThreadRepliesShareTheConversation() {
        String ts = ts();
        String text = "請求書の再発行をお願いします " + ts;
        String body = messageEvent("Ev" + ts, SLACK_SUPPORT_CHANNEL, "U2147483697", ts, null, text);
        post(body, Signatures.now(), null).statusCode(200);
        // Slack did not see our answer in time and retries, twice
        post(body, Signatures.now(), "1").statusCode(200);
        post(body, Signatures.now(), "2").statusCode(200);
        String replyTs = ts();
        post(messageEvent("Ev" + replyTs, SLACK_SUPPORT_CHANNEL, "U2147483697", replyTs, ts, "追記です " + ts), Signatures.now(), null)
                .statusCode(200);

        List<ConsumerRecord<String, String>> events = InquiryEvents.mentioning(ts, 2);
        assertEquals(2, events.size(), "one inquiry for the message (three deliveries) and one for the thread reply");
        JsonNode first = InquiryEvents.data(events.get(0));
        assertEquals("slack", first.get("channel").asText());
        assertEquals(text, first.get("body").asText());
        assertEquals("slack:T0001/" + SLACK_SUPPORT_CHANNEL + "/" + ts, first.get("conversationKey").asText());
        assertEquals(first.get("conversationKey").asText(), events.get(0).key());
        assertEquals("T0001/U2147483697", first.at("/requester/channelUserId").asText());
        assertEquals(ts, first.at("/threadRefs/threadId").asText());
        assertEquals("ja", first.get("language").asText());
        assertEquals("/ingest-service/slack", TopicReader.header(events.get(0), "ce_source"));
        assertEquals(first.get("conversationKey").asText(), InquiryEvents.data(events.get(1)).get("conversationKey").asText(),
                "a thread reply belongs to the thread's conversation");
    }

    @Test
    void botMessagesOurEchoesOtherChannelsAndEditsOfMessagesNeverTakenInAreIgnored() {
        String ts = ts();
        double ignored = Metrics.accepted("slack", "ignored");
        post(messageEvent("Ev" + ts + "a", "C0RANDOM", "U1", ts, null, "elsewhere " + ts), Signatures.now(), null).statusCode(200);
        post(messageEvent("Ev" + ts + "b", SLACK_SUPPORT_CHANNEL, IngestTestResource.SLACK_BOT_USER, ts, null, "echo " + ts),
                Signatures.now(), null).statusCode(200);
        post("""
                {"team_id":"T0001","type":"event_callback","event_id":"Ev%sc","event":{"type":"message","subtype":"bot_message",
                 "bot_id":"B01","channel":"%s","text":"bot %s","ts":"%s"}}""".formatted(ts, SLACK_SUPPORT_CHANNEL, ts, ts),
                Signatures.now(), null).statusCode(200);
        post(editEvent("Ev" + ts + "d", ts, ts(), "before " + ts, "edited " + ts), Signatures.now(), null).statusCode(200);
        assertTrue(InquiryEvents.mentioning(ts, 0).isEmpty());
        assertEquals(ignored + 4, Metrics.accepted("slack", "ignored"));
    }

    @Test
    void anEditedMessageCorrectsItsInquiryOnceWhateverRetriesLateEditsAndUnfurls() throws Exception {
        String ts = ts();
        String original = "ログインできません " + ts;
        post(messageEvent("Ev" + ts, SLACK_SUPPORT_CHANNEL, "U2147483697", ts, null, original), Signatures.now(), null).statusCode(200);
        String inquiryId = InquiryEvents.data(InquiryEvents.mentioning(ts, 1).get(0)).get("inquiryId").asText();

        String firstEditTs = ts();
        String firstEdit = editEvent("Ev" + ts + "e1", ts, firstEditTs, original, "ログインできません、<@U1|sato> さんも同じです " + ts);
        post(firstEdit, Signatures.now(), null).statusCode(200);
        post(firstEdit, Signatures.now(), "1").statusCode(200);
        String finalText = "二段階認証のコードが届かずログインできません " + ts;
        post(editEvent("Ev" + ts + "e2", ts, ts(), "ログインできません、<@U1|sato> さんも同じです " + ts, finalText), Signatures.now(), null)
                .statusCode(200);
        // the first edit delivered again, late, and Slack unfurling a link (the text unchanged)
        post(editEvent("Ev" + ts + "e3", ts, firstEditTs, original, "ログインできません、<@U1|sato> さんも同じです " + ts), Signatures.now(), null)
                .statusCode(200);
        post(editEvent("Ev" + ts + "e4", ts, ts(), finalText, finalText), Signatures.now(), null).statusCode(200);

        List<ConsumerRecord<String, String>> events = InquiryEvents.mentioning(ts, 3);
        List<JsonNode> corrections = events.stream()
                .filter(r -> "io.madoguchi.inquiry.corrected.v1".equals(TopicReader.header(r, "ce_type"))).map(InquiryEvents::data).toList();
        assertEquals(2, corrections.size(), "one correction per edit, none for a retry, a late edit or an unfurl");
        assertEquals(inquiryId, corrections.get(0).get("inquiryId").asText(), "the inquiry keeps its id");
        assertEquals("ログインできません、@sato さんも同じです " + ts, corrections.get(0).get("body").asText());
        assertEquals(1, corrections.get(0).get("revision").asInt());
        assertEquals(finalText, corrections.get(1).get("body").asText());
        assertEquals(2, corrections.get(1).get("revision").asInt());
        assertEquals("slack:T0001/" + SLACK_SUPPORT_CHANNEL + "/" + ts, corrections.get(1).get("conversationKey").asText());
        try (var db = IngestTestResource.database(); var query = db.prepareStatement(
                "SELECT convert_from(raw_payload, 'UTF8') FROM superseded_payload WHERE inquiry_id = ?::uuid ORDER BY id")) {
            query.setString(1, inquiryId);
            try (var rows = query.executeQuery()) {
                assertTrue(rows.next() && rows.getString(1).contains(original), "the message as first posted is kept");
                assertTrue(rows.next() && rows.getString(1).contains("sato"), "and the first edit");
                assertTrue(!rows.next(), "nothing else superseded");
            }
        }
    }

    @Test
    void theRequesterIsNamedThroughUsersInfoAskedOncePerPersonAndAnUnknownPersonHoldsNothingBack() {
        String ts = ts();
        String user = "U0HANAKO" + ts.replace(".", "");
        IngestTestResource.slack().addUser(user, "hanako", "佐藤 花子", "hanako@example.jp");
        post(messageEvent("Ev" + ts, SLACK_SUPPORT_CHANNEL, user, ts, null, "請求書が届きません " + ts), Signatures.now(), null).statusCode(200);
        InquiryEvents.mentioning(ts, 1);
        String replyTs = ts();
        post(messageEvent("Ev" + replyTs, SLACK_SUPPORT_CHANNEL, user, replyTs, ts, "追記 " + ts), Signatures.now(), null).statusCode(200);
        String strangerTs = ts();
        String stranger = "U0GONE" + ts.replace(".", "");
        post(messageEvent("Ev" + strangerTs, SLACK_SUPPORT_CHANNEL, stranger, strangerTs, null, "誰か " + ts), Signatures.now(), null)
                .statusCode(200);

        List<ConsumerRecord<String, String>> events = InquiryEvents.mentioning(ts, 3);
        assertEquals(3, events.size());
        for (JsonNode inquiry : events.stream().map(InquiryEvents::data).toList()) {
            if (inquiry.at("/requester/channelUserId").asText().endsWith(user)) {
                assertEquals("hanako", inquiry.at("/requester/displayName").asText(), "the display name, as Slack shows it");
                assertEquals("hanako@example.jp", inquiry.at("/requester/email").asText());
            } else {
                assertEquals("T0001/" + stranger, inquiry.at("/requester/channelUserId").asText());
                assertTrue(inquiry.at("/requester/displayName").isMissingNode(), "a user Slack does not know stays an id");
            }
        }
        assertEquals(1, IngestTestResource.slack().calls("users.info").stream().filter(c -> c.query().contains(user)).count(),
                "asked once: the second message is named from the cache");
    }

    @Test
    void theConfiguredReactionTurnsAnyMessageIntoAnInquiryFetchedAfterTheAnswer() {
        String ts = ts();
        String channel = "C0GENERAL";
        IngestTestResource.slack().put(channel, ts, """
                {"type":"message","user":"U0CUSTOMER","text":"ログインできません &lt;管理画面&gt; %s","ts":"%s"}""".formatted(ts, ts));
        IngestTestResource.slack().failNext(2);
        String reaction = """
                {"token":"XXYYZZ","team_id":"T0001","api_app_id":"A0001","type":"event_callback","event_id":"Ev%s","event_time":1700000000,
                 "event":{"type":"reaction_added","user":"U0AGENT","reaction":"ticket","item_user":"U0CUSTOMER",
                          "item":{"type":"message","channel":"%s","ts":"%s"},"event_ts":"%s"}}""".formatted(ts, channel, ts, ts);
        // answered at once although the Web API is failing: the fetch happens after the durable accept
        post(reaction, Signatures.now(), null).statusCode(200);
        // a second person adds the same reaction: still one inquiry
        post(reaction.replace("\"Ev" + ts + "\"", "\"Ev" + ts + "x\"").replace("U0AGENT", "U0OTHER"), Signatures.now(), null).statusCode(200);
        // another emoji is not a request for a ticket
        post(reaction.replace("\"ticket\"", "\"thumbsup\"").replace("\"Ev" + ts + "\"", "\"Ev" + ts + "y\""), Signatures.now(), null)
                .statusCode(200);

        List<ConsumerRecord<String, String>> events = InquiryEvents.mentioning(ts, 1);
        assertEquals(1, events.size());
        JsonNode data = InquiryEvents.data(events.get(0));
        assertEquals("ログインできません <管理画面> " + ts, data.get("body").asText());
        assertEquals("T0001/U0CUSTOMER", data.at("/requester/channelUserId").asText());
        assertEquals("reaction", data.at("/metadata/slack/trigger").asText());
        assertEquals("T0001/U0AGENT", data.at("/metadata/slack/reactedBy").asText());
        assertTrue(IngestTestResource.slack().requests().stream().filter(r -> r.contains(ts)).count() >= 3,
                "the two failed calls were retried");
    }

    @Test
    void aReactedMessageSlackRefusesToShowIsKeptAsFailedNotLost() {
        String ts = ts();
        String reaction = """
                {"team_id":"T0001","type":"event_callback","event_id":"Ev%s",
                 "event":{"type":"reaction_added","user":"U0AGENT","reaction":"ticket","item":{"type":"message","channel":"C0GONE","ts":"%s"}}}"""
                .formatted(ts, ts);
        post(reaction, Signatures.now(), null).statusCode(200);
        Awaitility.await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> given()
                .auth().oauth2(AdminToken.admin()).when().get("/admin/v1/inquiries?status=failed")
                .then().statusCode(200).body("findAll { it.channel == 'slack' }.statusReason",
                        org.hamcrest.Matchers.hasItem(org.hamcrest.Matchers.containsString("C0GONE/" + ts))));
    }

    static ValidatableResponse post(String body, long timestamp, String retryNum) {
        var request = given().contentType("application/json")
                .header("X-Slack-Request-Timestamp", timestamp)
                .header("X-Slack-Signature", Signatures.slack(SLACK_SIGNING_SECRET, timestamp, body));
        if (retryNum != null) {
            request = request.header("X-Slack-Retry-Num", retryNum).header("X-Slack-Retry-Reason", "http_timeout");
        }
        return request.body(body).when().post("/webhooks/slack/events").then();
    }

    static String messageEvent(String eventId, String channel, String user, String ts, String threadTs, String text) {
        return """
                {"token":"XXYYZZ","team_id":"T0001","api_app_id":"A0001","event":{"type":"message","channel":"%s","user":"%s",
                 "text":"%s","ts":"%s",%s"event_ts":"%s","channel_type":"channel"},"type":"event_callback","event_id":"%s",
                 "event_time":1700000000,"authorizations":[{"team_id":"T0001","user_id":"U0MADOGUCHI","is_bot":true}]}"""
                .formatted(channel, user, text, ts, threadTs == null ? "" : "\"thread_ts\":\"" + threadTs + "\",", ts, eventId);
    }

    /** A {@code message_changed} event as Slack sends it when the author edits the message {@code ts}. */
    static String editEvent(String eventId, String ts, String editedTs, String before, String after) {
        return """
                {"token":"XXYYZZ","team_id":"T0001","api_app_id":"A0001","type":"event_callback","event_id":"%s","event_time":1700000000,
                 "event":{"type":"message","subtype":"message_changed","hidden":true,"channel":"%s","ts":"%s","event_ts":"%s",
                  "message":{"type":"message","user":"U2147483697","text":"%s","ts":"%s","edited":{"user":"U2147483697","ts":"%s"}},
                  "previous_message":{"type":"message","user":"U2147483697","text":"%s","ts":"%s"}}}"""
                .formatted(eventId, SLACK_SUPPORT_CHANNEL, editedTs, editedTs, after, ts, editedTs, before, ts);
    }

    private static final AtomicLong LAST_TS = new AtomicLong();

    /** A Slack message timestamp, later than every one handed out before, as Slack's are within a channel. */
    static String ts() {
        long micros = LAST_TS.updateAndGet(last -> Math.max(last + 1, System.currentTimeMillis() * 1000));
        return (micros / 1_000_000) + "." + String.format("%06d", micros % 1_000_000);
    }
}
