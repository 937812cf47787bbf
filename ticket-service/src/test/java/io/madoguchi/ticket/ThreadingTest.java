package io.madoguchi.ticket;

import static io.madoguchi.ticket.TicketApi.get;
import static io.madoguchi.ticket.TicketApi.inquiry;
import static io.madoguchi.ticket.TicketApi.patch;
import static io.madoguchi.ticket.TicketApi.sendInquiry;
import static io.madoguchi.ticket.TicketApi.version;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(TicketTestResource.class)
class ThreadingTest {

    @Test
    void japaneseEmailReplyJoinsItsTicketThroughReferences() {
        String root = "<" + UUID.randomUUID() + "@mail.example.jp>";
        String email = "yamada-" + UUID.randomUUID().toString().substring(0, 6) + "@example.jp";
        UUID first = UUID.randomUUID();
        JsonNode created = sendInquiry(inquiry(first, "email", "email:" + root, email, email, "請求書について",
                "先月分の請求書が届いていません。", "\"threadRefs\":{\"messageId\":\"" + root + "\"}"), first, "email:" + root);
        long ticketId = created.path("ticketId").asLong();

        // the reply's own root differs (a client that broke the thread key); References still point at the ticket
        String reply = "<" + UUID.randomUUID() + "@mail.example.jp>";
        UUID second = UUID.randomUUID();
        JsonNode added = sendInquiry(inquiry(second, "email", "email:" + reply, email, email, "Re: 請求書について",
                "まだ届いていません。確認をお願いします。",
                "\"threadRefs\":{\"messageId\":\"" + reply + "\",\"inReplyTo\":\"" + root + "\",\"references\":[\"" + root + "\"]}"),
                second, "email:" + reply);
        assertEquals(ticketId, added.path("ticketId").asLong());
        assertFalse(added.has("conversationKey"), "a follow-up is a message-added event, not a new ticket");
        get(ticketId, "agent").then().body("messages.body", contains("先月分の請求書が届いていません。", "まだ届いていません。確認をお願いします。"));
    }

    @Test
    void ticketTokenInTheSubjectJoinsTheTicketOfTheSameContactOnly() {
        String email = "token-" + UUID.randomUUID().toString().substring(0, 6) + "@example.com";
        UUID first = UUID.randomUUID();
        long ticketId = sendInquiry(inquiry(first, "email", "email:<" + first + ">", email, email, "Refund", "Please refund", null),
                first, "email:<" + first + ">").path("ticketId").asLong();

        UUID second = UUID.randomUUID();
        JsonNode joined = sendInquiry(inquiry(second, "email", "email:<" + second + ">", email, email,
                "Re: [#T-" + ticketId + "] Refund", "Any news?", null), second, "email:<" + second + ">");
        assertEquals(ticketId, joined.path("ticketId").asLong());

        // a reply sent to the ticket's reply address joins it too
        UUID byAddress = UUID.randomUUID();
        assertEquals(ticketId, sendInquiry(inquiry(byAddress, "email", "email:<" + byAddress + ">", email, email,
                "Refund", "Sent to the reply address", "\"recipients\":[\"support+T-" + ticketId + "@example.com\"]"),
                byAddress, "email:<" + byAddress + ">").path("ticketId").asLong());

        // someone else quoting the token gets a ticket of their own
        String other = "other-" + UUID.randomUUID().toString().substring(0, 6) + "@example.com";
        UUID third = UUID.randomUUID();
        JsonNode separate = sendInquiry(inquiry(third, "email", "email:<" + third + ">", other, other,
                "Re: [#T-" + ticketId + "] Refund", "Me too", null), third, "email:<" + third + ">");
        assertNotEquals(ticketId, separate.path("ticketId").asLong());
        assertEquals("new", separate.path("status").asText());
    }

    @Test
    void slackThreadFollowUpJoinsWhileAnotherUserInTheThreadGetsTheirOwnTicket() {
        String thread = "slack:T01/C02/" + System.nanoTime() + ".000100";
        UUID first = UUID.randomUUID();
        long ticketId = sendInquiry(inquiry(first, "slack", thread, "U-ALICE-" + first, null, null, "The export is broken", null),
                first, thread).path("ticketId").asLong();
        UUID second = UUID.randomUUID();
        assertEquals(ticketId, sendInquiry(inquiry(second, "slack", thread, "U-ALICE-" + first, null, null,
                "Here is a screenshot", null), second, thread).path("ticketId").asLong());
        UUID third = UUID.randomUUID();
        assertNotEquals(ticketId, sendInquiry(inquiry(third, "slack", thread, "U-BOB-" + third, null, null,
                "Same for me", null), third, thread).path("ticketId").asLong());
    }

    @Test
    void followUpReopensASolvedTicketAndStartsALinkedTicketAfterClose() {
        String key = "line:user/U" + UUID.randomUUID();
        String user = "U" + UUID.randomUUID();
        UUID first = UUID.randomUUID();
        long ticketId = sendInquiry(inquiry(first, "line", key, user, null, null, "予約を変更したい", null), first, key)
                .path("ticketId").asLong();
        patch(ticketId, version(ticketId), "{\"status\":\"solved\"}").then().statusCode(200);

        UUID second = UUID.randomUUID();
        assertEquals(ticketId, sendInquiry(inquiry(second, "line", key, user, null, null, "やはり戻したいです", null), second, key)
                .path("ticketId").asLong());
        get(ticketId, "agent").then().body("status", equalTo("open")).body("reopens", equalTo(1));

        patch(ticketId, version(ticketId), "{\"status\":\"solved\"}").then().statusCode(200);
        patch(ticketId, version(ticketId), "{\"status\":\"closed\"}").then().statusCode(200);
        UUID third = UUID.randomUUID();
        JsonNode followUp = sendInquiry(inquiry(third, "line", key, user, null, null, "もう一度お願いします", null), third, key);
        assertNotEquals(ticketId, followUp.path("ticketId").asLong());
        assertEquals(ticketId, followUp.path("followUpOf").asLong());
        get(followUp.path("ticketId").asLong(), "agent").then().body("followUpOf", equalTo((int) ticketId));
    }
}
