package io.madoguchi.ingest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(IngestTestResource.class)
class WebFormTest {

    @TestHTTPResource("/form")
    URL form;

    /** The test profile allows 4 submissions per minute per address; this test makes 5 from 127.0.0.1. */
    @Test
    void theFormTakesInquiriesEscapesWhatItEchoesFoolsBotsAndLimitsEachAddress() {
        given().when().get("/form").then().statusCode(200).contentType(containsString("text/html"))
                .body(containsString("<form method=\"post\" action=\"/form\""), containsString("name=\"website\""));
        // every submission below carries the time-to-fill field of a page served a minute ago, in English
        String run = UUID.randomUUID().toString();

        given().contentType("application/x-www-form-urlencoded; charset=UTF-8")
                .formParam("name", "山田 花子").formParam("email", "Hanako@Example.jp").formParam("subject", "返品について")
                .formParam("message", "返品の手順を教えてください " + run).formParam("website", "")
                .formParam("lang", "en").formParam("started", FormTokens.inTime())
                .when().post("/form").then().statusCode(200).body(containsString("Thank you"));

        // invalid: the form comes back with what to fix, and what was typed is escaped, never markup
        given().contentType("application/x-www-form-urlencoded; charset=UTF-8")
                .formParam("name", "<script>alert(1)</script>").formParam("email", "not-an-address").formParam("message", "")
                .formParam("lang", "en").formParam("started", FormTokens.inTime())
                .when().post("/form").then().statusCode(400)
                .body(containsString("&lt;script&gt;alert(1)&lt;/script&gt;"), not(containsString("<script>alert")),
                        containsString("a valid e-mail address is required"));

        // a bot fills in the hidden field: it sees a thank-you page, nothing is stored
        double honeypot = Metrics.rejected("form", "honeypot");
        given().contentType("application/x-www-form-urlencoded; charset=UTF-8")
                .formParam("email", "bot@example.com").formParam("message", "cheap pills " + run).formParam("website", "http://spam.example")
                .formParam("lang", "en")
                .when().post("/form").then().statusCode(200).body(containsString("Thank you"));
        assertEquals(honeypot + 1, Metrics.rejected("form", "honeypot"));

        given().contentType("application/x-www-form-urlencoded; charset=UTF-8")
                .formParam("email", "taro@example.jp").formParam("message", "second " + run).formParam("started", FormTokens.inTime())
                .when().post("/form").then().statusCode(200);
        given().contentType("application/x-www-form-urlencoded; charset=UTF-8")
                .formParam("email", "taro@example.jp").formParam("message", "fifth " + run).formParam("started", FormTokens.inTime())
                .when().post("/form").then().statusCode(429).header("Retry-After", org.hamcrest.Matchers.matchesPattern("[1-9][0-9]*"));

        List<ConsumerRecord<String, String>> events = InquiryEvents.mentioning(run, 2);
        assertEquals(2, events.size(), "the valid submissions only");
        JsonNode first = InquiryEvents.data(events.stream().filter(e -> e.value().contains("返品")).findFirst().orElseThrow());
        assertEquals("form", first.get("channel").asText());
        assertEquals("hanako@example.jp", first.at("/requester/email").asText());
        assertEquals("山田 花子", first.at("/requester/displayName").asText());
        assertEquals("返品について", first.get("subject").asText());
        assertTrue(events.stream().noneMatch(e -> e.value().contains("cheap pills")));
    }

    @Test
    void everyPageOfTheFormIsServedWithTheBrowserSecurityHeadersAndNoSiteMayFrameItByDefault() {
        given().when().get("/form").then().statusCode(200)
                .header("Content-Security-Policy", allOf(containsString("default-src 'none'"), containsString("style-src 'self'"),
                        containsString("form-action 'self'"), containsString("frame-ancestors 'none'"), not(containsString("unsafe-inline"))))
                .header("X-Content-Type-Options", "nosniff").header("Referrer-Policy", "no-referrer")
                .header("Permissions-Policy", containsString("camera=()")).header("Cache-Control", "no-store")
                .body(not(containsString("<style")), not(containsString(" style=")), not(containsString("<script")));
        given().when().get("/form-assets/form.css").then().statusCode(200).contentType(containsString("text/css"))
                .header("X-Content-Type-Options", "nosniff");
    }

    @Test
    void anOversizedFormIsRefused() throws Exception {
        assertEquals(413, OversizedPost.status(form, "application/x-www-form-urlencoded",
                "email=a%40b.jp&message=" + "x".repeat(1_100_000)));
    }
}
