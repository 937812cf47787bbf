package io.madoguchi.ingest;

import static io.madoguchi.ingest.IngestTestResource.SLACK_SUPPORT_CHANNEL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.madoguchi.chassis.testing.TopicReader;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A public reply to a ticket from Slack is posted in the customer's thread (the Slack Web API stand-in), once, with
 * our metadata; Slack's answers decide between trying again and failing for good; and our own post, coming back as a
 * message event, never becomes an inquiry.
 */
@QuarkusTest
@WithTestResource(IngestTestResource.class)
class SlackDeliveryTest {

    private static final SlackStandIn SLACK = IngestTestResource.slack();

    @Test
    void aReplyIsPostedOnceInTheCustomersThreadWithOurMetadataAndItsTextEscaped() {
        String channel = channel();
        String threadTs = SlackAdapterTest.ts();
        long ticket = TicketReplies.ticket("slack", "slack:T0001/" + channel + "/" + threadTs, "T0001/U0CUSTOMER", null);
        TicketReplies.reply(ticket, 2, "山田様\n<設定> & <https://example.jp|手順> をご覧ください <!channel>");

        JsonNode sent = TicketReplies.sent(ticket, 2);
        List<JsonNode> posts = SLACK.posts(channel);
        assertEquals(1, posts.size());
        JsonNode post = posts.get(0);
        assertEquals(threadTs, post.path("thread_ts").asText(), "in the customer's thread");
        assertEquals("山田様\n&lt;設定&gt; &amp; &lt;https://example.jp|手順&gt; をご覧ください &lt;!channel&gt;", post.path("text").asText(),
                "the agent's text shows as written: no link, no @channel");
        assertEquals("madoguchi_delivery", post.at("/metadata/event_type").asText());
        assertEquals(sent.get("deliveryId").asText(), post.at("/metadata/event_payload/delivery_id").asText());
        assertEquals(post.path("ts").asText(), sent.get("channelReference").asText());
        assertEquals("slack", sent.get("channel").asText());
        assertEquals(channel + "/" + threadTs, sent.get("recipient").asText());
        assertEquals(1, sent.get("attempts").asInt());
        assertTrue(SLACK.calls("conversations.replies").stream().noneMatch(call -> call.query().contains(channel)),
                "a first attempt posts without reading the thread");
    }

    @Test
    void aTicketMadeFromAReactedThreadReplyIsAnsweredInThatThread() {
        String channel = channel();
        String parentTs = SlackAdapterTest.ts();
        String ts = SlackAdapterTest.ts();
        String run = UUID.randomUUID().toString();
        SLACK.put(channel, ts, """
                {"type":"message","user":"U0CUSTOMER","text":"パスワードを忘れました %s","ts":"%s","thread_ts":"%s"}""".formatted(run, ts, parentTs));
        SlackAdapterTest.post("""
                {"team_id":"T0001","api_app_id":"A0001","type":"event_callback","event_id":"Ev%s","event_time":1700000000,
                 "event":{"type":"reaction_added","user":"U0AGENT","reaction":"ticket","item_user":"U0CUSTOMER",
                          "item":{"type":"message","channel":"%s","ts":"%s"},"event_ts":"%s"}}""".formatted(run, channel, ts, ts),
                Signatures.now(), null).statusCode(200);
        // ticket-service makes the ticket with the inquiry's conversation key
        String conversationKey = InquiryEvents.data(InquiryEvents.mentioning(run, 1).get(0)).get("conversationKey").asText();
        assertEquals("slack:T0001/" + channel + "/" + parentTs, conversationKey);
        long ticket = TicketReplies.ticket("slack", conversationKey, "T0001/U0CUSTOMER", null);
        TicketReplies.reply(ticket, 2, "再設定の手順をお送りします");

        JsonNode sent = TicketReplies.sent(ticket, 2);
        assertEquals(channel + "/" + parentTs, sent.get("recipient").asText());
        assertEquals(List.of(parentTs), SLACK.posts(channel).stream().map(post -> post.path("thread_ts").asText()).toList(),
                "in the thread the reacted reply belongs to");
    }

    @Test
    void aRateLimitedPostWaitsTheRetryAfterSlackAskedForThenPostsOnce() {
        String channel = channel();
        SLACK.rateLimitPosts(channel, 1, 2);
        long ticket = TicketReplies.ticket("slack", "slack:T0001/" + channel + "/" + SlackAdapterTest.ts(), "T0001/U0CUSTOMER", null);
        TicketReplies.reply(ticket, 2, "少々お待ちください");

        JsonNode sent = TicketReplies.sent(ticket, 2);
        assertEquals(2, sent.get("attempts").asInt());
        List<SlackStandIn.Call> posts = SLACK.calls("chat.postMessage").stream().filter(call -> call.body().contains(channel)).toList();
        assertEquals(List.of(429, 200), posts.stream().map(SlackStandIn.Call::status).toList());
        Duration waited = Duration.between(posts.get(0).at(), posts.get(1).at());
        assertTrue(waited.compareTo(Duration.ofMillis(1900)) >= 0,
                "Retry-After: 2 was honoured (the test back-off alone is 0.2 s): waited " + waited.toMillis() + " ms");
        assertEquals(1, SLACK.posts(channel).size());
    }

    @Test
    void aChannelSlackDoesNotKnowFailsForGoodAtOnceWithSlacksError() {
        String channel = channel();
        SLACK.forgetChannel(channel);
        long ticket = TicketReplies.ticket("slack", "slack:T0001/" + channel + "/" + SlackAdapterTest.ts(), "T0001/U0CUSTOMER", null);
        TicketReplies.reply(ticket, 2, "ご確認ください");

        JsonNode failed = TicketReplies.failed(ticket, 2);
        assertTrue(failed.get("permanent").asBoolean());
        assertEquals(1, failed.get("attempts").asInt(), "not tried again");
        assertEquals("Slack chat.postMessage: channel_not_found", failed.get("reason").asText());
        assertEquals(List.of(), SLACK.posts(channel));
    }

    @Test
    void aRetryAfterAPostSlackAcceptedFindsItInTheThreadAndDoesNotPostAgain() {
        String channel = channel();
        String threadTs = SlackAdapterTest.ts();
        SLACK.put(channel, threadTs, """
                {"type":"message","user":"U0CUSTOMER","text":"返品したい","ts":"%s","thread_ts":"%s","reply_count":2}""".formatted(threadTs, threadTs));
        long ticket = TicketReplies.ticket("slack", "slack:T0001/" + channel + "/" + threadTs, "T0001/U0CUSTOMER", null);
        // two earlier replies of the ticket in the thread: our metadata, other deliveries
        TicketReplies.reply(ticket, 2, "承知しました");
        TicketReplies.sent(ticket, 2);
        TicketReplies.reply(ticket, 3, "返送先をお知らせします");
        TicketReplies.sent(ticket, 3);
        // Slack stores the next post, and the connection drops before its answer
        SLACK.dropAfterPosting(channel, 1);
        TicketReplies.reply(ticket, 4, "返金が完了しました");

        JsonNode sent = TicketReplies.sent(ticket, 4);
        String deliveryId = sent.get("deliveryId").asText();
        assertEquals(2, sent.get("attempts").asInt());
        List<JsonNode> ours = SLACK.posts(channel).stream()
                .filter(post -> deliveryId.equals(post.at("/metadata/event_payload/delivery_id").asText())).toList();
        assertEquals(1, ours.size(), "posted once although it was tried twice");
        assertEquals(ours.get(0).path("ts").asText(), sent.get("channelReference").asText(), "the post found, not another delivery's");
        assertEquals(3, SLACK.posts(channel).size());
        assertEquals(List.of(0), SLACK.calls("chat.postMessage").stream().filter(call -> call.body().contains(deliveryId))
                .map(SlackStandIn.Call::status).toList(), "the one post, whose answer was lost");
        List<SlackStandIn.Call> reads = SLACK.calls("conversations.replies").stream().filter(call -> call.query().contains(channel)).toList();
        assertTrue(reads.size() >= 2 && reads.stream().anyMatch(call -> call.query().contains("cursor=")), "the thread was read page by page");
        assertTrue(reads.stream().allMatch(call -> call.query().contains("include_all_metadata=true")), "with the metadata");
    }

    @Test
    void ourOwnPostComingBackAsAMessageEventNeverBecomesAnInquiry() throws Exception {
        String threadTs = SlackAdapterTest.ts();
        String run = UUID.randomUUID().toString();
        long ticket = TicketReplies.ticket("slack", "slack:T0001/" + SLACK_SUPPORT_CHANNEL + "/" + threadTs, "T0001/U0CUSTOMER", null);
        TicketReplies.reply(ticket, 2, "ご返信 " + run);
        TicketReplies.sent(ticket, 2);
        JsonNode post = SLACK.posts(SLACK_SUPPORT_CHANNEL).stream().filter(p -> p.path("text").asText().contains(run)).findFirst().orElseThrow();
        double ignored = Metrics.accepted("slack", "ignored");

        // the message event Slack sends for our post: in a support channel, in the customer's thread
        String echo = SLACK.messageEvent(post);
        SlackAdapterTest.post(echo, Signatures.now(), null).statusCode(200);
        // the same, as if posted under another identity: our metadata alone marks it as ours
        ObjectNode disguised = (ObjectNode) InquiryEvents.JSON.readTree(echo);
        ((ObjectNode) disguised.get("event")).remove(List.of("bot_id", "app_id", "bot_profile"));
        ((ObjectNode) disguised.get("event")).put("user", "U0OTHERAPP");
        disguised.put("event_id", disguised.get("event_id").asText() + "x");
        SlackAdapterTest.post(disguised.toString(), Signatures.now(), null).statusCode(200);

        // the marker: the customer writes in the thread after both were answered; an inquiry of either would be committed
        // before the marker's, so it would be on the topic by the time the marker is
        String marker = "追記です " + UUID.randomUUID();
        String markerTs = SlackAdapterTest.ts();
        SlackAdapterTest.post(SlackAdapterTest.messageEvent("Ev" + markerTs.replace(".", ""), SLACK_SUPPORT_CHANNEL, "U0CUSTOMER", markerTs,
                threadTs, marker), Signatures.now(), null).statusCode(200);
        TopicReader.readUntil("inquiries.v1", records -> records.stream().anyMatch(r -> r.value().contains(marker)), Duration.ofSeconds(20));
        List<ConsumerRecord<String, String>> inquiries = TopicReader.readToEnd("inquiries.v1");
        assertTrue(inquiries.stream().anyMatch(r -> r.value().contains(marker)));
        assertFalse(inquiries.stream().anyMatch(r -> r.value().contains(run)), "our own post is no inquiry");
        assertEquals(ignored + 2, Metrics.accepted("slack", "ignored"));
    }

    private static String channel() {
        return "C0" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40, 1L << 50), 36).toUpperCase();
    }
}
