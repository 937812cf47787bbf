package io.madoguchi.ticket;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

@QuarkusTest
@WithTestResource(TicketTestResource.class)
class SearchTest {

    @Test
    void textSearchFindsJapaneseAndEnglishAndPagesWithACursor() {
        String marker = "検索" + UUID.randomUUID().toString().substring(0, 4);
        long jp1 = LifecycleApiTest.newTicket("領収書の再発行" + marker, "領収書を再発行してください");
        long jp2 = LifecycleApiTest.newTicket("お問い合わせ", "領収書の宛名を変更したいです" + marker);
        long en = LifecycleApiTest.newTicket("Receipt " + marker, "Please resend my RECEIPT");

        assertEquals(List.of(jp2, jp1), ids(search("領収書")));
        assertEquals(List.of(en), ids(search("receipt")));
        TicketApi.patch(jp1, TicketApi.version(jp1), "{\"status\":\"pending\",\"tags\":[\"receipt\"]}").then().statusCode(200);
        assertEquals(List.of(jp1), ids(given().auth().oauth2(InquiryToTicketTest.token("agent"))
                .queryParam("q", marker).queryParam("status", "pending").queryParam("tag", "receipt")
                .when().get("/api/v1/tickets").then().statusCode(200).extract().jsonPath()));

        List<Long> paged = new ArrayList<>();
        String cursor = null;
        do {
            var request = given().auth().oauth2(InquiryToTicketTest.token("agent")).queryParam("q", marker).queryParam("limit", 1);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            JsonPath page = request.when().get("/api/v1/tickets").then().statusCode(200).extract().jsonPath();
            paged.addAll(ids(page));
            cursor = page.getString("nextCursor");
        } while (cursor != null && paged.size() < 10);
        assertEquals(List.of(en, jp2, jp1), paged);
    }

    @Test
    void badQueriesAreClear400s() {
        given().auth().oauth2(InquiryToTicketTest.token("agent")).queryParam("limit", 0)
                .when().get("/api/v1/tickets").then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(InquiryToTicketTest.token("agent")).queryParam("from", "last week")
                .when().get("/api/v1/tickets").then().statusCode(400).body("detail", equalTo("'from' must be an RFC 3339 time"));
        given().auth().oauth2(InquiryToTicketTest.token("agent")).queryParam("cursor", "abc")
                .when().get("/api/v1/tickets").then().statusCode(400);
        JsonPath none = given().auth().oauth2(InquiryToTicketTest.token("agent")).queryParam("q", "%_\\" + UUID.randomUUID())
                .when().get("/api/v1/tickets").then().statusCode(200).extract().jsonPath();
        assertEquals(0, none.getList("items").size());
        assertNull(none.getString("nextCursor"));
    }

    private static JsonPath search(String text) {
        return given().auth().oauth2(InquiryToTicketTest.token("agent")).queryParam("q", text)
                .when().get("/api/v1/tickets").then().statusCode(200).extract().jsonPath();
    }

    private static List<Long> ids(JsonPath page) {
        return page.getList("items.id", Long.class);
    }
}
