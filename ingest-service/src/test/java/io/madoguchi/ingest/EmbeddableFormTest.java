package io.madoguchi.ingest;

import static io.restassured.RestAssured.given;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;

import io.madoguchi.chassis.testing.Browser;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.ValidatableResponse;

/**
 * The contact form as a company puts it on its own site: framed by a page of an allowed origin (a page of this test's
 * own HTTP server, reached as http://localhost:…) it works in headless Chromium, with a screenshot attached, under its
 * Content-Security-Policy; framed by another origin (the same page as http://127.0.0.1:…) the browser refuses to show
 * it (a screenshot of the filled form is saved to target/embedded-form.png). And what a visitor is told: in their language, what is wrong with their files, that they were too quick.
 */
@QuarkusTest
@TestProfile(EmbeddableFormTest.Embeddable.class)
@WithTestResource(IngestTestResource.class)
class EmbeddableFormTest {

    public static class Embeddable implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("madoguchi.form.frame-ancestors", "http://localhost:*",
                    "madoguchi.form.rate-limit-per-minute", "1000",
                    "madoguchi.form.attachments.max-count", "2",
                    "madoguchi.form.attachments.max-size", "64K");
        }
    }

    @TestHTTPResource("/form")
    URL form;

    @Test
    void aSiteOnTheAllowListEmbedsTheFormAVisitorAttachesAScreenshotAndAnotherSiteCannotFrameIt() throws Exception {
        String run = UUID.randomUUID().toString();
        byte[] screenshot = FormPosts.png(20_000);
        Path file = Files.createTempDirectory("form").resolve("画面.png");
        Files.write(file, screenshot);
        HttpServer site = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        byte[] page = ("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Shop</title></head><body><h1>Our shop</h1>"
                + "<iframe id=\"contact\" title=\"Contact us\" src=\"" + form + "?lang=en\" width=\"640\" height=\"900\"></iframe></body></html>")
                .getBytes(UTF_8);
        site.createContext("/contact.html", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, page.length);
            exchange.getResponseBody().write(page);
            exchange.close();
        });
        site.start();
        int port = site.getAddress().getPort();
        try (Browser chromium = Browser.start("en-US")) {
            ChromeDriver browser = chromium.driver();
            browser.manage().window().setSize(new org.openqa.selenium.Dimension(900, 1100));
            browser.get("http://localhost:" + port + "/contact.html");
            browser.switchTo().frame("contact");
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> !browser.findElements(By.name("email")).isEmpty());
            Instant served = Instant.now();
            assertEquals("en", browser.findElement(By.tagName("html")).getAttribute("lang"));
            browser.findElement(By.name("name")).sendKeys("Ken Mori");
            browser.findElement(By.name("email")).sendKeys("ken@example.jp");
            browser.findElement(By.name("subject")).sendKeys("Export fails");
            browser.findElement(By.name("message")).sendKeys("The export stops at 99 %. Screenshot attached. " + run);
            browser.findElement(By.name("attachment")).sendKeys(file.toString());
            // the test profile's time to fill is one second from when the page was served
            Awaitility.await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
                    .until(() -> Duration.between(served, Instant.now()).compareTo(Duration.ofMillis(1200)) > 0);
            Files.write(Path.of("target", "embedded-form.png"), browser.getScreenshotAs(OutputType.BYTES));
            browser.findElement(By.id("send")).click();
            Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                    .until(() -> browser.executeScript("return document.body ? document.body.dataset.page : null"), "thanks"::equals);
            assertEquals("Thank you", browser.findElement(By.id("heading")).getText());
            String reference = browser.findElement(By.id("reference")).getText();
            browser.switchTo().defaultContent();
            assertEquals(List.of(), chromium.contentSecurityPolicyViolations(), "the form works under its policy, framed by an allowed site");

            List<ConsumerRecord<String, String>> events = InquiryEvents.mentioning(run, 1);
            assertEquals(1, events.size());
            JsonNode data = InquiryEvents.data(events.get(0));
            assertEquals(reference, data.get("inquiryId").asText());
            assertEquals("form", data.get("channel").asText());
            String digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(screenshot));
            assertEquals("画面.png", data.at("/attachments/0/filename").asText());
            assertEquals("image/png", data.at("/attachments/0/contentType").asText());
            assertEquals(screenshot.length, data.at("/attachments/0/size").asInt());
            assertEquals(digest, data.at("/attachments/0/sha256").asText());
            assertFalse(events.get(0).value().contains(java.util.Base64.getEncoder().encodeToString(screenshot).substring(0, 200)),
                    "no attachment bytes on the bus");
            try (Connection c = IngestTestResource.database(); Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT content, sha256 FROM attachment WHERE inquiry_id = '" + reference + "'")) {
                assertTrue(rs.next(), "the bytes are kept by ingest");
                assertArrayEquals(screenshot, rs.getBytes(1));
                assertEquals(digest, rs.getString(2));
            }

            // the same page on an origin that is not allowed: the browser does not show the form
            browser.get("http://127.0.0.1:" + port + "/contact.html");
            Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                List<String> refused = chromium.contentSecurityPolicyViolations().stream().filter(line -> line.contains("frame-ancestors")).toList();
                assertFalse(refused.isEmpty(), "the browser reports the refusal: " + chromium.console());
            });
            browser.switchTo().frame("contact");
            assertTrue(browser.findElements(By.name("email")).isEmpty(), "the form is not shown in a frame of another site");
        } finally {
            site.stop(0);
        }
    }

    @Test
    void theFormSpeaksTheVisitorsLanguageUpToTheConfirmation() {
        given().header("Accept-Language", "ja,en;q=0.5").when().get("/form").then().statusCode(200)
                .body(containsString("<html lang=\"ja\">"), containsString("<h1>お問い合わせ</h1>"), containsString("name=\"lang\" value=\"ja\""));
        given().header("Accept-Language", "ja").queryParam("lang", "en").when().get("/form").then().statusCode(200)
                .body(containsString("<html lang=\"en\">"), containsString("<h1>Contact us</h1>"), containsString("up to 2 files, 64 KB each at most"));
        given().when().get("/form").then().header("Content-Security-Policy", containsString("frame-ancestors http://localhost:*"));

        String run = UUID.randomUUID().toString();
        // the language the page was in wins over the browser's
        post(new FormPosts().field("email", "hanako@example.jp").field("message", "請求書について " + run).field("lang", "ja")
                .field("started", FormTokens.inTime()), "en").statusCode(200)
                .body(containsString("<html lang=\"ja\">"), containsString("ありがとうございました"), containsString("受付番号"));
        post(new FormPosts().field("email", "ken@example.jp").field("message", "About my invoice " + run).field("lang", "en")
                .field("started", FormTokens.inTime()), "ja").statusCode(200)
                .body(containsString("<html lang=\"en\">"), containsString("Thank you"), containsString("Reference"));
        post(new FormPosts().field("email", "ken@example.jp").field("message", "").field("lang", "ja")
                .field("started", FormTokens.inTime()), "en").statusCode(400)
                .body(containsString("お問い合わせ内容を入力してください"), not(containsString("please write your question")));
        assertEquals(2, InquiryEvents.mentioning(run, 2).size());
    }

    @Test
    void aSubmissionSoonerThanAPersonCouldFillTheFormIsRefusedWithAClearAnswerAndNothingIsStored() {
        String run = UUID.randomUUID().toString();
        double tooFast = Metrics.rejected("form", "too-fast");
        double stale = Metrics.rejected("form", "stale-form");
        post(new FormPosts().field("email", "bot@example.jp").field("message", "fast " + run).field("lang", "en")
                .field("started", FormTokens.servedAgo(Duration.ZERO)), "en").statusCode(400)
                .body(containsString("The form was sent too quickly after it was opened"), containsString("fast " + run),
                        containsString("name=\"started\""));
        assertEquals(tooFast + 1, Metrics.rejected("form", "too-fast"));
        // a page served hours ago, a forged time and none at all
        for (String started : List.of(FormTokens.servedAgo(Duration.ofHours(3)), FormTokens.inTime().replaceFirst("^\\d", "9"), "")) {
            post(new FormPosts().field("email", "bot@example.jp").field("message", "late " + run).field("lang", "en").field("started", started), "en")
                    .statusCode(400).body(containsString("This form has expired"));
        }
        post(new FormPosts().field("email", "bot@example.jp").field("message", "none " + run), "en").statusCode(400);
        assertEquals(stale + 4, Metrics.rejected("form", "stale-form"));
        // the honeypot still comes first: a bot filling it in is thanked, whatever its timing
        post(new FormPosts().field("email", "bot@example.jp").field("message", "bot " + run).field("website", "http://spam.example"), "en")
                .statusCode(200).body(containsString("Thank you"));
        // the marker, sent after the refusals: once it arrived, nothing of theirs could be on the topic before it
        post(new FormPosts().field("email", "ken@example.jp").field("message", "marker " + run).field("started", FormTokens.inTime()), "en")
                .statusCode(200);
        List<ConsumerRecord<String, String>> events = InquiryEvents.mentioning(run, 1);
        assertEquals(1, events.size(), "only the marker");
        assertTrue(events.get(0).value().contains("marker " + run));
    }

    @Test
    void attachmentsBeyondTheCountTheSizeOrTheTypesAreRefusedNamingTheFile() {
        String run = UUID.randomUUID().toString();
        FormPosts tooMany = base(run).file("a.png", "image/png", FormPosts.png(100)).file("b.png", "image/png", FormPosts.png(100))
                .file("c.png", "image/png", FormPosts.png(100));
        post(tooMany, "en").statusCode(400).body(containsString("at most 2 files"), containsString("Please choose your files again"));
        post(base(run).file("big.png", "image/png", FormPosts.png(70_000)), "en").statusCode(400)
                .body(containsString("big.png is larger than 64 KB"));
        byte[] zip = { 'P', 'K', 3, 4, 0, 0, 0, 0 };
        post(base(run).file("screenshot.png", "image/png", zip), "en").statusCode(400)
                .body(containsString("screenshot.png is not a file of an accepted type"));
        post(base(run).file("<img src=x onerror=alert(1)>.png", "image/png", zip), "en").statusCode(400)
                .body(allOf(containsString("&lt;img src=x onerror=alert(1)&gt;.png"), not(containsString("<img"))));
        // a text file and a PDF are fine; an empty file input sends an empty part, which is no attachment
        byte[] pdf = "%PDF-1.4\n%âãÏÓ\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n".getBytes(UTF_8);
        post(base(run).file("log.txt", "text/plain", "エラー: 504\n".getBytes(UTF_8)).file("invoice.pdf", "application/octet-stream", pdf)
                .file("", "application/octet-stream", new byte[0]), "en").statusCode(200);
        List<ConsumerRecord<String, String>> events = InquiryEvents.mentioning(run, 1);
        assertEquals(1, events.size(), "the refused submissions stored nothing");
        JsonNode attachments = InquiryEvents.data(events.get(0)).get("attachments");
        assertEquals(2, attachments.size(), attachments.toString());
        assertEquals("text/plain", attachments.get(0).get("contentType").asText());
        assertEquals("application/pdf", attachments.get(1).get("contentType").asText(), "the type is what the bytes are");
    }

    @Test
    void aFormWithAttachmentsIsRenormalizedFromItsRawPostWithTheSameAttachments() {
        String run = UUID.randomUUID().toString();
        byte[] png = FormPosts.png(3_000);
        String page = post(base(run).file("shot.png", "image/png", png), "en").statusCode(200).extract().asString();
        java.util.regex.Matcher reference = java.util.regex.Pattern.compile("<code id=\"reference\">([0-9a-f-]{36})</code>").matcher(page);
        assertTrue(reference.find(), page);
        String id = reference.group(1);
        InquiryEvents.mentioning(run, 1);
        given().auth().oauth2(AdminToken.admin()).when().post("/admin/v1/inquiries/" + id + "/renormalize").then().statusCode(200)
                .body("status", org.hamcrest.Matchers.equalTo("published")).body("revision", org.hamcrest.Matchers.equalTo(1));
        List<ConsumerRecord<String, String>> events = InquiryEvents.mentioning(run, 2);
        assertEquals(2, events.size());
        assertEquals(InquiryEvents.data(events.get(0)).get("attachments"), InquiryEvents.data(events.get(1)).get("attachments"));
        assertEquals(png.length, InquiryEvents.data(events.get(1)).at("/attachments/0/size").asInt());
    }

    @Test
    void aBrokenMultipartBodyGetsTheFormBackNotAServerError() {
        given().contentType("multipart/form-data; boundary=b").body("--b\r\nno headers end".getBytes(UTF_8)).when().post("/form").then()
                .statusCode(400).contentType(containsString("text/html")).body(containsString("<form"));
        given().contentType("multipart/form-data; boundary=b").body("--b\r\nContent-Type: text/plain\r\n\r\nx\r\n--b--\r\n".getBytes(UTF_8))
                .when().post("/form").then().statusCode(400).body(containsString("a part without Content-Disposition"));
    }

    private static FormPosts base(String run) {
        return new FormPosts().field("email", "ken@example.jp").field("message", "files " + run).field("lang", "en")
                .field("started", FormTokens.inTime());
    }

    private static ValidatableResponse post(FormPosts body, String acceptLanguage) {
        return given().header("Accept-Language", acceptLanguage).contentType(body.contentType()).body(body.bytes()).when().post("/form").then()
                .header("Content-Security-Policy", containsString("frame-ancestors http://localhost:*"));
    }
}
