package io.madoguchi.ticket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;

import com.fasterxml.jackson.databind.JsonNode;

import io.madoguchi.chassis.testing.Browser;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The survey page in Debian's headless Chromium, reached through the links of survey-requested (their origin,
 * madoguchi.surveys.public-url, swapped for this test's server): a link preselects its rating and records nothing; the
 * customer's answer, with a Japanese comment, goes out as satisfaction-rated; opening or sending it again says it is
 * already answered; and no Content-Security-Policy violation is reported. Screenshots are saved to target/survey-page-*.png.
 */
@QuarkusTest
@WithTestResource(TicketTestResource.class)
class SurveyPageBrowserTest {

    @TestHTTPResource("/")
    URL server;

    @Test
    void aJapaneseCustomerFollowsTheGoodLinkAnswersOnceWithACommentAndIsToldWhenAnsweringAgain() throws Exception {
        Surveys.Solved solved = Surveys.solve("請求書が届きません");
        String good = onThisServer(solved.request().at("/links/good").asText());
        String comment = "迅速にご対応いただき、ありがとうございました。<b>助かりました</b>";

        Browser chromium = Browser.start("ja");
        ChromeDriver browser = chromium.driver();
        try {
            browser.manage().window().setSize(new Dimension(900, 900));
            browser.get(good);
            awaitPage(browser, "form");
            assertEquals("ja", browser.findElement(By.tagName("html")).getAttribute("lang"));
            assertEquals("サポートについてのアンケート", browser.findElement(By.tagName("h1")).getText());
            assertEquals("お問い合わせ「請求書が届きません」へのサポートにはご満足いただけましたか？", browser.findElement(By.id("question")).getText());
            assertTrue(browser.findElement(By.id("rating-good")).isSelected(), "the good link preselects good");
            assertFalse(browser.findElement(By.id("rating-bad")).isSelected());
            assertNull(Surveys.answeredAt(solved.token()), "opening the link answered the survey");

            // the same link in a second tab, left open to send later
            String first = browser.getWindowHandle();
            browser.switchTo().newWindow(WindowType.TAB).get(good);
            awaitPage(browser, "form");
            String second = browser.getWindowHandle();
            browser.switchTo().window(first);

            browser.findElement(By.id("comment")).sendKeys(comment);
            screenshot(browser, "form-ja");
            browser.findElement(By.id("send")).click();
            awaitPage(browser, "message");
            assertEquals("ご回答ありがとうございました", browser.findElement(By.id("heading")).getText());
            screenshot(browser, "thanks-ja");

            List<JsonNode> ratings = Surveys.ratingsOf(solved.ticketId());
            assertEquals(1, ratings.size(), ratings.toString());
            assertEquals("good", ratings.get(0).path("rating").asText());
            assertEquals(comment, ratings.get(0).path("comment").asText());

            browser.get(good);
            awaitPage(browser, "message");
            assertEquals("このアンケートには回答済みです", browser.findElement(By.id("heading")).getText());
            assertTrue(browser.findElements(By.tagName("form")).isEmpty());

            browser.switchTo().window(second);
            browser.findElement(By.id("rating-bad")).click();
            browser.findElement(By.id("send")).click();
            awaitPage(browser, "message");
            assertEquals("このアンケートには回答済みです", browser.findElement(By.id("heading")).getText());
            assertEquals(List.of("good"), Surveys.ratingsOf(solved.ticketId()).stream().map(r -> r.path("rating").asText()).toList());
            assertEquals(List.of(), chromium.contentSecurityPolicyViolations(), "the page works under its Content-Security-Policy");
        } finally {
            chromium.close();
        }
    }

    @Test
    void anEnglishPageComesWithLangEnAndTheBadLinkPreselectsBad() throws Exception {
        Surveys.Solved solved = Surveys.solve("Cannot export my data");
        String bad = onThisServer(solved.request().at("/links/bad").asText()) + "&lang=en";

        Browser chromium = Browser.start("ja");
        ChromeDriver browser = chromium.driver();
        try {
            browser.manage().window().setSize(new Dimension(900, 900));
            browser.get(bad);
            awaitPage(browser, "form");
            assertEquals("en", browser.findElement(By.tagName("html")).getAttribute("lang"));
            assertEquals("Are you satisfied with the support you received on “Cannot export my data”?",
                    browser.findElement(By.id("question")).getText());
            assertTrue(browser.findElement(By.id("rating-bad")).isSelected(), "the bad link preselects bad");
            assertFalse(browser.findElement(By.id("rating-good")).isSelected());
            assertNull(Surveys.answeredAt(solved.token()));

            browser.findElement(By.id("comment")).sendKeys("The export still times out.");
            screenshot(browser, "form-en");
            browser.findElement(By.id("send")).click();
            awaitPage(browser, "message");
            assertEquals("Thank you for your feedback", browser.findElement(By.id("heading")).getText());

            List<JsonNode> ratings = Surveys.ratingsOf(solved.ticketId());
            assertEquals(1, ratings.size(), ratings.toString());
            assertEquals("bad", ratings.get(0).path("rating").asText());
            assertEquals("The export still times out.", ratings.get(0).path("comment").asText());
            assertEquals(List.of(), chromium.contentSecurityPolicyViolations(), "the page works under its Content-Security-Policy");
        } finally {
            chromium.close();
        }
    }

    /** The link as the customer got it, on this test's server: same path and query, the public origin replaced. */
    private String onThisServer(String link) {
        URI uri = URI.create(link);
        assertEquals(URI.create(Surveys.PUBLIC_URL).getHost(), uri.getHost(), link);
        return server.toString().replaceAll("/$", "") + uri.getRawPath() + "?" + uri.getRawQuery();
    }

    private static void awaitPage(ChromeDriver browser, String page) {
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .until(() -> browser.executeScript("return document.readyState === 'complete' && document.body ? document.body.dataset.page : null"),
                        page::equals);
    }

    private static void screenshot(ChromeDriver browser, String name) throws Exception {
        Path target = Path.of("target", "survey-page-" + name + ".png");
        Files.createDirectories(target.getParent());
        Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), target, StandardCopyOption.REPLACE_EXISTING);
    }
}
