package io.madoguchi.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A public reply to a ticket from LINE is pushed to the customer's chat (the LINE push API stand-in) with the
 * delivery id as X-Line-Retry-Key; a long one is split as LINE counts characters; LINE's answers decide between sent
 * (409 included), trying again and failing for good.
 */
@QuarkusTest
@WithTestResource(IngestTestResource.class)
class LineDeliveryTest {

    private static final LineStandIn LINE = IngestTestResource.line();

    @Test
    void aReplyIsPushedToTheCustomerWithTheDeliveryIdAsRetryKey() {
        String user = user();
        long ticket = TicketReplies.ticket("line", "line:user:" + user, user, null);
        TicketReplies.reply(ticket, 2, "お問い合わせありがとうございます。\n配送状況をお調べしました。");

        JsonNode sent = TicketReplies.sent(ticket, 2);
        List<LineStandIn.Push> pushes = LINE.pushes(user);
        assertEquals(1, pushes.size());
        assertEquals(200, pushes.get(0).status());
        assertEquals(sent.get("deliveryId").asText(), pushes.get(0).retryKey());
        assertEquals(List.of("お問い合わせありがとうございます。\n配送状況をお調べしました。"), LINE.received(user));
        assertEquals(pushes.get(0).requestId(), sent.get("channelReference").asText(), "LINE's x-line-request-id");
        assertEquals("line", sent.get("channel").asText());
        assertEquals(user, sent.get("recipient").asText());
        assertEquals(1, sent.get("attempts").asInt());
    }

    @Test
    void aLongReplyIsSplitIntoMessagesOfAtMost5000CodeUnitsNeverInsideACharacter() {
        String user = user();
        // 12,000 UTF-16 code units; the emoji (a surrogate pair) straddles LINE's 5,000th
        String reply = "あ".repeat(4999) + "😀" + "い".repeat(6999);
        long ticket = TicketReplies.ticket("line", "line:user:" + user, user, null);
        TicketReplies.reply(ticket, 2, reply);

        TicketReplies.sent(ticket, 2);
        List<LineStandIn.Push> pushes = LINE.pushes(user);
        assertEquals(1, pushes.size(), "three messages fit in one push");
        List<String> texts = pushes.get(0).texts();
        assertEquals(3, texts.size());
        assertEquals(reply, String.join("", texts), "nothing lost, nothing added");
        for (String text : texts) {
            assertTrue(text.length() <= 5000, "LINE's limit, in UTF-16 code units: " + text.length());
            assertFalse(Character.isLowSurrogate(text.charAt(0)) || Character.isHighSurrogate(text.charAt(text.length() - 1)),
                    "no message begins or ends inside a character");
        }
        assertEquals(texts, LINE.received(user));
    }

    @Test
    void aReplyOfMoreThanFiveMessagesTakesSeveralPushesEachWithItsOwnStableRetryKey() {
        String user = user();
        // 263 lines of 97 characters (25,511): cut after a line break, 51 lines a message, so 6 messages and 2 pushes
        String reply = ("行".repeat(96) + "\n").repeat(263);
        // the second push fails before LINE accepts it; the retry sends both again
        LINE.failRequests(user, 2);
        long ticket = TicketReplies.ticket("line", "line:user:" + user, user, null);
        TicketReplies.reply(ticket, 2, reply);

        JsonNode sent = TicketReplies.sent(ticket, 2);
        assertEquals(2, sent.get("attempts").asInt());
        List<LineStandIn.Push> pushes = LINE.pushes(user);
        assertEquals(List.of(200, 500, 409, 200), pushes.stream().map(LineStandIn.Push::status).toList());
        assertEquals(List.of(5, 1, 5, 1), pushes.stream().map(push -> push.texts().size()).toList());
        String first = pushes.get(0).retryKey();
        String second = pushes.get(1).retryKey();
        assertEquals(sent.get("deliveryId").asText(), first);
        assertNotEquals(first, second, "each push its own key");
        assertEquals(List.of(first, second, first, second), pushes.stream().map(LineStandIn.Push::retryKey).toList(),
                "and the same key for the same push on the retry");
        List<String> received = LINE.received(user);
        assertEquals(6, received.size(), "every message once");
        assertEquals(reply, String.join("", received));
        assertTrue(received.subList(0, 5).stream().allMatch(text -> text.endsWith("\n") && text.length() == 51 * 97));
        assertEquals(pushes.get(0).requestId() + " " + pushes.get(3).requestId(), sent.get("channelReference").asText());
    }

    @Test
    void aPushLineAcceptedWhoseAnswerWasLostCountsAsSentWhenTheRetryIsAnswered409() {
        String user = user();
        LINE.acceptThenFailNext(user, 1);
        long ticket = TicketReplies.ticket("line", "line:user:" + user, user, null);
        TicketReplies.reply(ticket, 2, "ご返金の手続きが完了しました");

        JsonNode sent = TicketReplies.sent(ticket, 2);
        assertEquals(2, sent.get("attempts").asInt());
        List<LineStandIn.Push> pushes = LINE.pushes(user);
        assertEquals(List.of(500, 409), pushes.stream().map(LineStandIn.Push::status).toList());
        assertEquals(pushes.get(0).retryKey(), pushes.get(1).retryKey());
        assertEquals(List.of("ご返金の手続きが完了しました"), LINE.received(user), "received once");
        assertEquals(pushes.get(0).requestId(), sent.get("channelReference").asText(), "x-line-accepted-request-id: the push accepted");
    }

    @Test
    void aPushLineKeepsFailingEndsFailedAfterLinesOwnCapOfAttempts() {
        String user = user();
        LINE.failRequests(user, 1, 2, 3);
        long ticket = TicketReplies.ticket("line", "line:user:" + user, user, null);
        TicketReplies.reply(ticket, 2, "ご確認ください");

        JsonNode failed = TicketReplies.failed(ticket, 2);
        assertFalse(failed.get("permanent").asBoolean(), "a 5xx may pass: it failed because the attempts ran out");
        assertEquals(2, failed.get("attempts").asInt(), "LINE's cap (line=2), not max-attempts (3)");
        assertEquals(List.of(), LINE.received(user));
    }

    @Test
    void aUserIdLineDoesNotKnowFailsForGoodWithLinesMessage() {
        String user = user();
        LINE.unknownUser(user);
        long ticket = TicketReplies.ticket("line", "line:user:" + user, user, null);
        TicketReplies.reply(ticket, 2, "ご確認ください");

        JsonNode failed = TicketReplies.failed(ticket, 2);
        assertTrue(failed.get("permanent").asBoolean());
        assertEquals(1, failed.get("attempts").asInt());
        assertEquals("LINE push answered 400: Failed to send messages", failed.get("reason").asText());
        assertEquals(List.of(), LINE.received(user));
    }

    @Test
    void aPushTheChannelMayNotMakeFailsForGoodWithLinesMessage() {
        String group = "C" + HexFormat.of().formatHex(random(16));
        LINE.forbid(group);
        long ticket = TicketReplies.ticket("line", "line:group:" + group, user(), null);
        TicketReplies.reply(ticket, 2, "ご確認ください");

        JsonNode failed = TicketReplies.failed(ticket, 2);
        assertEquals(group, failed.get("recipient").asText(), "a group is pushed to by its id");
        assertTrue(failed.get("permanent").asBoolean());
        assertEquals(1, failed.get("attempts").asInt());
        assertEquals("LINE push answered 403: Access to this API is not available for your account", failed.get("reason").asText());
    }

    private static String user() {
        return "U" + HexFormat.of().formatHex(random(16));
    }

    private static byte[] random(int length) {
        byte[] bytes = new byte[length];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }
}
