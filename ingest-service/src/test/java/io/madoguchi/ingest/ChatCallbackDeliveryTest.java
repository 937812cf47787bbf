package io.madoguchi.ingest;

import static io.madoguchi.ingest.IngestTestResource.CHAT_PRIVATE_SOURCE;
import static io.madoguchi.ingest.IngestTestResource.CHAT_SOURCE_WITHOUT_CALLBACK;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A public reply to a ticket from the chat widget is posted to the source's callback (a stand-in of the widget's
 * backend), signed with the source's secret, with the delivery id as Idempotency-Key; the callback's answers decide
 * between sent (409 included), trying again and failing for good; a callback on a private address is refused.
 */
@QuarkusTest
@WithTestResource(IngestTestResource.class)
class ChatCallbackDeliveryTest {

    private static final ChatCallbackStandIn CHAT = IngestTestResource.chat();

    @Test
    void aReplyIsPostedToTheSourcesCallbackSignedWithItsSecretWithTheDeliveryIdAsIdempotencyKey() {
        String conversation = "conv-" + UUID.randomUUID();
        long ticket = TicketReplies.ticket("chat", "chat:widget/" + conversation, "visitor-42", null);
        TicketReplies.reply(ticket, 2, "カードの変更はマイページからできます。\n手順: 設定 > お支払い");

        JsonNode sent = TicketReplies.sent(ticket, 2);
        String deliveryId = sent.get("deliveryId").asText();
        List<ChatCallbackStandIn.Callback> callbacks = CHAT.callbacks(conversation);
        assertEquals(1, callbacks.size());
        ChatCallbackStandIn.Callback callback = callbacks.get(0);
        assertTrue(callback.signed(), "X-Madoguchi-Signature verifies with the widget's secret: " + callback.signature());
        assertEquals(201, callback.status());
        assertEquals(deliveryId, callback.idempotencyKey());
        JsonNode body = callback.json();
        assertEquals(deliveryId, body.get("deliveryId").asText());
        assertEquals(ticket, body.get("ticketId").asLong());
        assertEquals(conversation, body.get("conversationId").asText());
        assertEquals("reply", body.get("kind").asText());
        assertEquals("カードの変更はマイページからできます。\n手順: 設定 > お支払い", body.get("text").asText());
        Instant.parse(body.get("sentAt").asText());
        assertEquals(CHAT.messageFor(deliveryId), sent.get("channelReference").asText(), "the id of the chat message the widget made");
        assertEquals("chat", sent.get("channel").asText());
        assertEquals("widget/" + conversation, sent.get("recipient").asText());
    }

    @Test
    void aCallbackWhoseAnswerWasLostIsSentAgainAlikeAndTheWidgets409CountsAsSent() {
        String conversation = "conv-" + UUID.randomUUID();
        CHAT.acceptThenFailNext(conversation, 1);
        long ticket = TicketReplies.ticket("chat", "chat:widget/" + conversation, "visitor-43", null);
        TicketReplies.reply(ticket, 2, "お待たせしました");

        JsonNode sent = TicketReplies.sent(ticket, 2);
        assertEquals(2, sent.get("attempts").asInt());
        List<ChatCallbackStandIn.Callback> callbacks = CHAT.callbacks(conversation);
        assertEquals(List.of(500, 409), callbacks.stream().map(ChatCallbackStandIn.Callback::status).toList());
        assertEquals(callbacks.get(0).idempotencyKey(), callbacks.get(1).idempotencyKey());
        assertArrayEquals(callbacks.get(0).body(), callbacks.get(1).body(), "the retry is the same request");
        assertEquals(CHAT.messageFor(sent.get("deliveryId").asText()), sent.get("channelReference").asText(), "the message made the first time");
    }

    @Test
    void aCallbackThatRefusesTheConversationFailsForGoodWithItsAnswer() {
        String conversation = "conv-" + UUID.randomUUID();
        CHAT.refuse(conversation, 404, "{\"error\":\"conversation closed\"}");
        long ticket = TicketReplies.ticket("chat", "chat:widget/" + conversation, "visitor-44", null);
        TicketReplies.reply(ticket, 2, "まだご覧になっていますか");

        JsonNode failed = TicketReplies.failed(ticket, 2);
        assertTrue(failed.get("permanent").asBoolean());
        assertEquals(1, failed.get("attempts").asInt());
        assertEquals("the chat callback of widget answered 404: {\"error\":\"conversation closed\"}", failed.get("reason").asText());
    }

    @Test
    void aCallbackUrlOnAPrivateAddressThatIsNotAllowListedIsRefusedBeforeAnyConnection() {
        long ticket = TicketReplies.ticket("chat", "chat:" + CHAT_PRIVATE_SOURCE + "/conv-" + UUID.randomUUID(), "visitor-45", null);
        TicketReplies.reply(ticket, 2, "社内向けの返信");

        JsonNode failed = TicketReplies.failed(ticket, 2);
        // a connection attempt to 10.20.30.40 would have timed out, a transient failure tried again
        assertTrue(failed.get("permanent").asBoolean());
        assertEquals(1, failed.get("attempts").asInt());
        assertEquals("https://10.20.30.40 resolves to 10.20.30.40, a private (site-local) address: refused unless the host is listed in "
                + "madoguchi.delivery.allowed-private-hosts (MADOGUCHI_DELIVERY_ALLOWED_PRIVATE_HOSTS)", failed.get("reason").asText());
    }

    @Test
    void aSourceWithoutCallbackUrlIsAnsweredByEmailWhenTheVisitorGaveOneElseFailsAtOnce() {
        long unreachable = TicketReplies.ticket("chat", "chat:" + CHAT_SOURCE_WITHOUT_CALLBACK + "/conv-" + UUID.randomUUID(), "visitor-46", null);
        TicketReplies.reply(unreachable, 2, "ご返信です");
        JsonNode failed = TicketReplies.failed(unreachable, 2);
        assertTrue(failed.get("permanent").asBoolean());
        assertEquals(0, failed.get("attempts").asInt(), "nothing to try");
        assertEquals("the chat source kiosk has no callback URL (MADOGUCHI_CHAT_CALLBACK_URLS)", failed.get("reason").asText());

        String email = "visitor." + UUID.randomUUID().toString().substring(0, 8) + "@example.jp";
        long byMail = TicketReplies.ticket("chat", "chat:" + CHAT_SOURCE_WITHOUT_CALLBACK + "/conv-" + UUID.randomUUID(), "visitor-47", email);
        TicketReplies.reply(byMail, 2, "メールでお送りします");
        JsonNode sent = TicketReplies.sent(byMail, 2);
        assertEquals("email", sent.get("channel").asText());
        assertEquals(email, sent.get("recipient").asText());
        await().atMost(Duration.ofSeconds(10)).until(() -> OutboundEmailTest.inbox(email).size() == 1);
    }
}
