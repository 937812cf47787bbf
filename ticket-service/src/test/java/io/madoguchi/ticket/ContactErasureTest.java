package io.madoguchi.ticket;

import static io.madoguchi.ticket.TicketApi.get;
import static io.madoguchi.ticket.TicketApi.inquiry;
import static io.madoguchi.ticket.TicketApi.sendInquiry;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.madoguchi.chassis.testing.ConsumerProbes;
import io.madoguchi.chassis.testing.ServiceTestResource;
import io.madoguchi.chassis.testing.TopicReader;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** An admin erases a contact: its tickets stay without personal data, each announces the erasure, nothing of it is left. */
@QuarkusTest
@WithTestResource(TicketTestResource.class)
class ContactErasureTest {

    @Test
    void anErasedContactsTicketsKeepNoPersonalDataAndEachAnnouncesTheErasureOnce() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String email = "Erika." + run + "@Example.jp";
        // Slack first: the mail from the address it claimed then proves the address and joins its contact
        UUID first = UUID.randomUUID();
        String slack = "T0001/U" + run;
        JsonNode one = sendInquiry(inquiry(first, "slack", "slack:T0001/C1/" + first, slack, email, null, "still waiting " + run, null),
                first, "slack:T0001/C1/" + first);
        UUID second = UUID.randomUUID();
        JsonNode two = sendInquiry(inquiry(second, "email", "email:<" + second + ">", email, email, "Refund " + run,
                "Erika Tanaka here, card 4242 " + run, null), second, "email:<" + second + ">");
        long contact = one.path("contactId").asLong();
        assertEquals(contact, two.path("contactId").asLong(), "one contact across mail and Slack");
        long ticketOne = one.path("ticketId").asLong();
        long ticketTwo = two.path("ticketId").asLong();
        given().auth().oauth2(InquiryToTicketTest.token("agent")).contentType(ContentType.JSON)
                .body("{\"body\":\"Dear Erika Tanaka, refunded " + run + "\",\"visibility\":\"public\"}")
                .when().post("/api/v1/tickets/" + ticketOne + "/messages").then().statusCode(201);
        ConsumerProbes.awaitRelayed(List.of(ticketOne, ticketTwo));

        given().auth().oauth2(InquiryToTicketTest.token("agent")).when().post("/api/v1/contacts/" + contact + "/erasure")
                .then().statusCode(403);
        given().auth().oauth2(InquiryToTicketTest.token("admin")).when().post("/api/v1/contacts/999999999/erasure")
                .then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(InquiryToTicketTest.token("admin")).when().post("/api/v1/contacts/" + contact + "/erasure")
                .then().statusCode(200).body("tickets", containsInAnyOrder((int) ticketOne, (int) ticketTwo))
                .body("erasedAt", notNullValue());

        for (long ticket : List.of(ticketOne, ticketTwo)) {
            get(ticket, "agent").then().statusCode(200).body("subject", nullValue()).body("requester.email", nullValue())
                    .body("requester.channelUserId", nullValue()).body("requester.displayName", nullValue())
                    .body("messages.body", everyItem(org.hamcrest.Matchers.equalTo(""))).body("contactId", org.hamcrest.Matchers.equalTo((int) contact));
        }
        get(ticketOne, "agent").then().body("messages.authorId", org.hamcrest.Matchers.hasItem("agent-agent"));
        given().auth().oauth2(InquiryToTicketTest.token("agent")).when().get("/api/v1/contacts/" + contact)
                .then().statusCode(200).body("identities", empty()).body("displayName", nullValue()).body("erasedAt", notNullValue());

        ConsumerProbes.awaitRelayed(List.of(ticketOne, ticketTwo));
        for (long ticket : List.of(ticketOne, ticketTwo)) {
            List<ConsumerRecord<String, String>> erased = EventSchemas.eventsOf(ticket).stream()
                    .filter(r -> "io.madoguchi.ticket.contact-erased.v1".equals(TopicReader.header(r, "ce_type"))).toList();
            assertEquals(1, erased.size(), "one erasure event per ticket");
            EventSchemas.assertValid(erased);
            JsonNode data = EventSchemas.data(erased.get(0));
            assertEquals(ticket, data.path("ticketId").asLong());
            assertEquals(contact, data.path("contactId").asLong());
            assertEquals(List.of(first.toString(), second.toString()), strings(data.path("inquiryIds")));
            assertTrue(strings(data.path("identityHashes")).containsAll(List.of(sha256(email.toLowerCase()), sha256(slack))),
                    data.toString());
            assertTrue(!erased.get(0).value().contains(run), "the event names no identity, text or name: " + erased.get(0).value());
        }
        try (Connection db = ServiceTestResource.database(); PreparedStatement query = db.prepareStatement("""
                SELECT (SELECT count(*) FROM outbox_entry WHERE strpos(payload, ?) > 0)
                     + (SELECT count(*) FROM ticket t WHERE strpos(t::text, ?) > 0)
                     + (SELECT count(*) FROM ticket_message m WHERE strpos(m::text, ?) > 0)
                     + (SELECT count(*) FROM contact_identity i WHERE strpos(lower(i.value), ?) > 0)""")) {
            for (int i = 1; i <= 4; i++) {
                query.setString(i, run);
            }
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                assertEquals(0, rows.getLong(1), "nothing in ticket-service's database mentions the erased contact");
            }
        }

        // they write again: a new contact, not the erased one
        UUID third = UUID.randomUUID();
        JsonNode again = sendInquiry(inquiry(third, "email", "email:<" + third + ">", email, email, "Hello again", "new " + run, null),
                third, "email:<" + third + ">");
        assertNotEquals(contact, again.path("contactId").asLong());
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new java.util.ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }

    private static String sha256(String value) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
    }
}
