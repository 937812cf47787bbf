package io.madoguchi.ticket;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

/**
 * The survey page over HTTP: opening it (as a mail scanner does) records nothing; the form's POST answers once; every
 * other outcome is a page of its own with its status, in the reader's language, with the page's security headers.
 */
@QuarkusTest
@WithTestResource(TicketTestResource.class)
class SurveyPageTest {

    private static final String FORM = "application/x-www-form-urlencoded; charset=UTF-8";
    private static final Pattern GOOD_CHECKED = Pattern.compile("id=\"rating-good\"[^>]* checked");
    private static final Pattern BAD_CHECKED = Pattern.compile("id=\"rating-bad\"[^>]* checked");

    @Test
    void openingTheSurveyLinksRecordsNothingAndPreselectsTheRating() throws Exception {
        Surveys.Solved solved = Surveys.solve("パスワードの再設定");
        String path = "/survey/" + solved.token();
        for (int i = 0; i < 2; i++) {
            String good = page(given().get(path + "?rating=good"), 200).extract().asString();
            assertTrue(GOOD_CHECKED.matcher(good).find() && !BAD_CHECKED.matcher(good).find(), good);
            String bad = page(given().get(path + "?rating=bad"), 200).extract().asString();
            assertTrue(BAD_CHECKED.matcher(bad).find() && !GOOD_CHECKED.matcher(bad).find(), bad);
            String plain = page(given().get(path), 200).body(containsString("パスワードの再設定")).extract().asString();
            assertFalse(GOOD_CHECKED.matcher(plain).find() || BAD_CHECKED.matcher(plain).find(), plain);
            page(given().get(path + "?rating=excellent"), 200);
        }
        page(given().head(path + "?rating=good"), 200);
        assertNull(Surveys.answeredAt(solved.token()), "opening the page answered the survey");

        // and the answer after all those opens is the first: the POST is taken, exactly one rating goes out
        page(form().formParam("rating", "bad").formParam("comment", "").post(path), 200).body(containsString("ご回答ありがとうございました"));
        assertNotNull(Surveys.answeredAt(solved.token()));
        List<JsonNode> ratings = Surveys.ratingsOf(solved.ticketId());
        assertEquals(1, ratings.size(), ratings.toString());
        assertEquals("bad", ratings.get(0).path("rating").asText());
        assertFalse(ratings.get(0).has("comment"), "an empty comment is no comment: " + ratings.get(0));
    }

    @Test
    void aSecondAnswerFromThePageIsRefusedWithTheAlreadyAnsweredPage() throws Exception {
        Surveys.Solved solved = Surveys.solve("Cannot log in");
        String path = "/survey/" + solved.token();
        page(form().formParam("rating", "good").formParam("comment", "Quick and kind, thank you").formParam("lang", "en").post(path), 200)
                .body(containsString("Thank you for your feedback"));
        page(form().formParam("rating", "bad").formParam("lang", "en").post(path), 409)
                .body(containsString("This survey has already been answered"));
        page(form().formParam("rating", "bad").post(path), 409).body(containsString("このアンケートには回答済みです"));
        // opening the link again says so too, without a form to send
        page(given().get(path + "?rating=bad&lang=en"), 200).body(containsString("This survey has already been answered"))
                .body(not(containsString("<form")));
        given().contentType("application/json").body("{\"rating\":\"bad\"}").post("/api/v1/surveys/" + solved.token()).then().statusCode(409);

        List<JsonNode> ratings = Surveys.ratingsOf(solved.ticketId());
        assertEquals(1, ratings.size(), ratings.toString());
        assertEquals("good", ratings.get(0).path("rating").asText());
        assertEquals("Quick and kind, thank you", ratings.get(0).path("comment").asText());
    }

    @Test
    void anUnknownTokenIsANotFoundPage() {
        for (String token : List.of("no-such-token", "x".repeat(65))) {
            page(given().get("/survey/" + token + "?rating=good"), 404).body(containsString("アンケートが見つかりません"));
            page(form().formParam("rating", "good").formParam("lang", "en").post("/survey/" + token), 404)
                    .body(containsString("Survey not found"));
        }
    }

    @Test
    void anExpiredSurveyIsAGonePageAndCannotBeAnswered() throws Exception {
        Surveys.Solved solved = Surveys.solve("Refund");
        Surveys.expire(solved.token());
        String path = "/survey/" + solved.token();
        page(given().get(path + "?rating=good"), 410).body(containsString("このアンケートは回答期限を過ぎました")).body(not(containsString("<form")));
        page(form().formParam("rating", "good").formParam("lang", "en").post(path), 410).body(containsString("This survey has expired"));
        assertNull(Surveys.answeredAt(solved.token()));
    }

    @Test
    void aMissingOrUnknownRatingOrAnOverlongCommentIsTheFormAgainWith400AndRecordsNothing() throws Exception {
        Surveys.Solved solved = Surveys.solve("Shipping");
        String path = "/survey/" + solved.token();
        page(form().formParam("comment", "no rating <b>here</b>").post(path), 400)
                .body(containsString("「満足」か「不満」をお選びください。")).body(containsString("no rating &lt;b&gt;here&lt;/b&gt;"));
        page(form().formParam("rating", "excellent").formParam("lang", "en").post(path), 400)
                .body(containsString("Please choose satisfied or not satisfied."));
        page(form().formParam("rating", "good").formParam("comment", "あ".repeat(2001)).post(path), 400)
                .body(containsString("ご意見は2000文字以内でお書きください。"));
        assertNull(Surveys.answeredAt(solved.token()));
        page(form().formParam("rating", "good").formParam("comment", "あ".repeat(2000)).post(path), 200);
    }

    @Test
    void theLanguageIsTheLangParameterElseAcceptLanguageElseJapanese() throws Exception {
        Surveys.Solved solved = Surveys.solve("Invoice");
        String path = "/survey/" + solved.token();
        page(given().get(path), 200).body(containsString("<html lang=\"ja\">"))
                .body(containsString("お問い合わせ「Invoice」へのサポートにはご満足いただけましたか？"));
        page(given().header("Accept-Language", "fr-CH, fr;q=0.9, en;q=0.8, ja;q=0.7").get(path), 200)
                .body(containsString("<html lang=\"en\">")).body(containsString("Are you satisfied with the support you received on “Invoice”?"));
        page(given().header("Accept-Language", "ja-JP,en;q=0.5").get(path), 200).body(containsString("<html lang=\"ja\">"));
        page(given().header("Accept-Language", "ja").get(path + "?lang=en"), 200).body(containsString("<html lang=\"en\">"))
                .body(containsString("name=\"lang\" value=\"en\""));
        page(given().header("Accept-Language", "en").get(path + "?lang=ja"), 200).body(containsString("<html lang=\"ja\">"));
        page(given().header("Accept-Language", "de").get(path + "?lang=xx"), 200).body(containsString("<html lang=\"ja\">"));
    }

    @Test
    void whatTheRequesterWroteIsShownAsTextNotMarkup() throws Exception {
        Surveys.Solved solved = Surveys.solve("<script>alert(1)</script> & \"quotes\"");
        String html = page(given().get("/survey/" + solved.token() + "?rating=%22%3E%3Cscript%3E"), 200).extract().asString();
        assertFalse(html.contains("<script"), html);
        assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;"), html);
    }

    @Test
    void everySurveyPageIsServedWithTheSecurityHeaders() throws Exception {
        Surveys.Solved solved = Surveys.solve("Headers");
        String path = "/survey/" + solved.token();
        page(given().get(path), 200);
        page(given().get("/survey/unknown"), 404);
        page(form().formParam("rating", "meh").post(path), 400);
        page(form().formParam("rating", "good").post(path), 200);
        page(form().formParam("rating", "good").post(path), 409);
        given().get("/survey-assets/survey.css").then().statusCode(200).contentType(startsWith("text/css"));
    }

    @Test
    void answeringFromThePageIsRateLimitedPerAddressInOneBucketWithTheJsonApi() {
        // from an address of its own, so this flood leaves the other tests' bucket (127.0.0.1) alone; the tests' bucket
        // holds 600, refilled 10 a minute
        String address = "127.0.0.9";
        for (int i = 0; i < 300; i++) {
            Surveys.from(address).contentType("application/json").body("{\"rating\":\"good\"}").post("/api/v1/surveys/guess-" + i)
                    .then().statusCode(404);
        }
        int answered = 0;
        Response refused = null;
        while (refused == null && answered < 5_000) {
            Response response = Surveys.from(address).contentType(FORM).formParam("rating", "good").post("/survey/guess-" + answered + "?lang=en");
            if (response.statusCode() == 429) {
                refused = response;
            } else {
                assertEquals(404, response.statusCode());
                answered++;
            }
        }
        // the JSON API's 300 answers came out of the same bucket: well short of a bucket's 600 were left for the page
        assertTrue(refused != null && answered >= 250 && answered < 550, "the page refused after " + answered + " guesses");
        page(refused.then(), 429).body(containsString("Too many requests"));
        long retryAfter = Long.parseLong(refused.header("Retry-After"));
        assertTrue(retryAfter >= 1 && retryAfter <= 60, "Retry-After " + retryAfter);
        // the flood emptied that address's bucket only
        given().contentType("application/json").body("{\"rating\":\"good\"}").post("/api/v1/surveys/guess").then().statusCode(404);
        // opening the page is not counted: a mail scanner's GETs do not use up the customer's answers
        for (int i = 0; i < 20; i++) {
            page(Surveys.from(address).get("/survey/guess-" + i), 404);
        }
    }

    /** As a browser sends the page's form (accept-charset="UTF-8"). */
    private static RequestSpecification form() {
        return given().contentType(FORM);
    }

    /** A survey page: HTML with the given status and every security header. */
    private static ValidatableResponse page(Response response, int status) {
        return page(response.then(), status);
    }

    private static ValidatableResponse page(ValidatableResponse response, int status) {
        return response.statusCode(status).contentType(startsWith("text/html"))
                .header("Content-Security-Policy", equalTo("default-src 'none'; style-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"))
                .header("X-Content-Type-Options", equalTo("nosniff"))
                .header("Referrer-Policy", equalTo("no-referrer"))
                .header("Cache-Control", equalTo("no-store"))
                .header("Permissions-Policy", containsString("camera=()"))
                .body(not(containsString("Exception")));
    }
}
