package io.madoguchi.ticket;

import static io.madoguchi.ticket.TicketApi.get;
import static io.madoguchi.ticket.TicketApi.inquiry;
import static io.madoguchi.ticket.TicketApi.sendInquiry;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
@WithTestResource(TicketTestResource.class)
class ContactsTest {

    @Test
    void aVerifiedEmailLinksChannelsWhileAClaimedAddressDoesNot() {
        String email = "hanako-" + UUID.randomUUID().toString().substring(0, 6) + "@example.jp";
        String slackUser = "U" + UUID.randomUUID();
        long slackContact = contactOf("slack", "slack:T/C/" + UUID.randomUUID(), slackUser, email);
        // mail from that address proves it: the e-mail joins the Slack user's contact
        long mailContact = contactOf("email", "email:<" + UUID.randomUUID() + ">", email, email);
        assertEquals(slackContact, mailContact);
        // a web form only claims the address: it does not join anyone's contact
        long formContact = contactOf("form", "form:" + UUID.randomUUID(), null, email);
        assertNotEquals(slackContact, formContact);

        given().auth().oauth2(InquiryToTicketTest.token("agent")).when().get("/api/v1/contacts/" + slackContact)
                .then().statusCode(200)
                .body("identities.kind", containsInAnyOrder("slack", "email"))
                .body("identities.find { it.kind == 'email' }.verified", equalTo(true));
    }

    @Test
    void mergeAndUnmergeRestoreTicketOwnership() {
        String a = "a-" + UUID.randomUUID().toString().substring(0, 6) + "@example.com";
        String b = "b-" + UUID.randomUUID().toString().substring(0, 6) + "@example.com";
        UUID i1 = UUID.randomUUID();
        var t1 = sendInquiry(inquiry(i1, "email", "email:<" + i1 + ">", a, a, "one", "first of a", null), i1, "email:<" + i1 + ">");
        UUID i2 = UUID.randomUUID();
        var t2 = sendInquiry(inquiry(i2, "email", "email:<" + i2 + ">", b, b, "two", "first of b", null), i2, "email:<" + i2 + ">");
        long contactA = t1.path("contactId").asLong();
        long contactB = t2.path("contactId").asLong();
        long ticketA = t1.path("ticketId").asLong();

        given().auth().oauth2(InquiryToTicketTest.token("agent")).contentType(ContentType.JSON).body("{\"into\":" + contactB + "}")
                .when().post("/api/v1/contacts/" + contactA + "/merge").then().statusCode(403);
        long mergeId = given().auth().oauth2(InquiryToTicketTest.token("admin")).contentType(ContentType.JSON)
                .body("{\"into\":" + contactB + "}").when().post("/api/v1/contacts/" + contactA + "/merge")
                .then().statusCode(200).body("movedTickets", containsInAnyOrder((int) ticketA))
                .extract().jsonPath().getLong("id");
        get(ticketA, "agent").then().body("contactId", equalTo((int) contactB));
        given().auth().oauth2(InquiryToTicketTest.token("agent")).when().get("/api/v1/contacts/" + contactB)
                .then().body("identities.value", containsInAnyOrder(a, b));

        // after the merge, mail from a's address is b's contact
        UUID i3 = UUID.randomUUID();
        assertEquals(contactB, sendInquiry(inquiry(i3, "email", "email:<" + i3 + ">", a, a, "three", "again", null), i3,
                "email:<" + i3 + ">").path("contactId").asLong());

        given().auth().oauth2(InquiryToTicketTest.token("admin")).when().post("/api/v1/contact-merges/" + mergeId + "/undo")
                .then().statusCode(200).body("undoneAt", org.hamcrest.Matchers.notNullValue());
        get(ticketA, "agent").then().body("contactId", equalTo((int) contactA));
        given().auth().oauth2(InquiryToTicketTest.token("agent")).when().get("/api/v1/contacts/" + contactA)
                .then().body("identities.value", containsInAnyOrder(a));
        given().auth().oauth2(InquiryToTicketTest.token("admin")).when().post("/api/v1/contact-merges/999999/undo")
                .then().statusCode(404);
    }

    private static long contactOf(String channel, String key, String userId, String email) {
        UUID id = UUID.randomUUID();
        return sendInquiry(inquiry(id, channel, key, userId, email, "hello", "body " + id, null), id, key).path("contactId").asLong();
    }
}
