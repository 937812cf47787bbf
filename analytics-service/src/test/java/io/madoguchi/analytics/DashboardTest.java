package io.madoguchi.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The dashboard in Debian's headless Chromium against the running service with known data: the tiles and charts
 * show the right numbers, the labels switch between English and Japanese, text from tickets is shown as text,
 * and a screenshot is saved to target/dashboard.png.
 */
@QuarkusTest
@WithTestResource(AnalyticsTestResource.class)
class DashboardTest {

    private static final String CHROMIUM = System.getProperty("madoguchi.chromium", "/usr/bin/chromium");
    private static final String CHROMEDRIVER = System.getProperty("madoguchi.chromedriver", "/usr/bin/chromedriver");

    @TestHTTPResource("/dashboard/")
    URL dashboard;

    @Test
    void theDashboardDrawsTheFiguresOfKnownData() throws Exception {
        int month = ThreadLocalRandom.current().nextInt(1, 13);
        String d1 = "2035-%02d-14".formatted(month), d2 = "2035-%02d-15".formatted(month);
        String queue = "dash" + UUID.randomUUID().toString().substring(0, 6);
        long base = ThreadLocalRandom.current().nextLong(1_000_000, 1_000_000_000);
        String[] questions = { "The invoice for this month never arrived <img src=x onerror=\\\"document.title='pwned'\\\">",
                "The invoice for March never arrived", "Our invoice never arrived, please resend the invoice" };
        String[] channels = { "email", "email", "chat" };
        for (int i = 0; i < 3; i++) {
            long id = base + i;
            ticket(id, "created.v1", """
                    {"ticketId":%d,"channel":"%s","status":"new","subject":"Invoice","createdAt":"%sT0%d:00:00Z",
                     "requester":{"displayName":"Ken Mori"},"message":{"messageId":1,"authorType":"requester","body":"%s"}}"""
                    .formatted(id, channels[i], d1, i + 1, questions[i]));
            ticket(id, "assigned.v1", "{\"ticketId\":%d,\"queue\":\"%s\",\"assignee\":\"mei\"}".formatted(id, queue));
            ticket(id, "message-added.v1", "{\"ticketId\":%d,\"message\":{\"messageId\":2,\"authorType\":\"agent\",\"visibility\":\"public\",\"body\":\"Resent.\",\"createdAt\":\"%sT05:00:00Z\"}}"
                    .formatted(id, d1));
            ticket(id, "status-changed.v1", "{\"ticketId\":%d,\"from\":\"open\",\"to\":\"solved\",\"changedAt\":\"%sT06:00:00Z\"}".formatted(id, d1));
            ticket(id, "satisfaction-rated.v1", "{\"ticketId\":%d,\"rating\":\"%s\",\"ratedAt\":\"%sT07:00:00Z\"}".formatted(id, i < 2 ? "good" : "bad", d1));
        }
        long open = base + 3;
        ticket(open, "created.v1", "{\"ticketId\":%d,\"channel\":\"line\",\"status\":\"new\",\"createdAt\":\"%sT02:00:00Z\"}".formatted(open, d2));
        ticket(open, "assigned.v1", "{\"ticketId\":%d,\"queue\":\"%s\",\"assignee\":\"mei\"}".formatted(open, queue));
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> io.restassured.RestAssured.given().auth().oauth2(token())
                .queryParam("from", d1 + "T00:00:00+09:00").queryParam("to", d2.substring(0, 8) + "16T00:00:00+09:00").queryParam("queue", queue)
                .get("/api/v1/stats/overview").then().extract().path("overview.totals.created"), created -> Integer.valueOf(4).equals(created));

        ChromeDriver browser = browser();
        try {
            browser.manage().window().setSize(new Dimension(1400, 1100));
            browser.get(dashboard + "#token=" + token() + "&from=" + d1 + "&to=" + d2 + "&queue=" + queue + "&zone=Asia/Tokyo&lang=en");
            awaitState(browser, "ready");

            assertFalse(browser.findElement(By.id("login")).isDisplayed(), "with a token there is nothing to log in to");
            assertEquals("4", text(browser, "tile-created"));
            assertEquals("3", text(browser, "tile-solved"));
            assertEquals("1", text(browser, "tile-backlog"));
            assertEquals("66.7%", text(browser, "tile-csat"));
            assertEquals("100%", text(browser, "tile-one-touch"));
            assertEquals(List.of(List.of(3L, 1L), List.of(3L, 0L), List.of(0L, 1L)),
                    browser.executeScript("return Chart.getChart('flow').data.datasets.map(d => d.data)"));
            assertEquals(List.of(d1, d2), browser.executeScript("return Chart.getChart('flow').data.labels"));
            assertEquals(List.of("email", "chat", "line"), browser.executeScript("return Chart.getChart('channels').data.labels"));
            assertEquals(List.of(2L, 1L, 1L), browser.executeScript("return Chart.getChart('channels').data.datasets[0].data"));
            assertEquals(66.67, ((Number) browser.executeScript("return Chart.getChart('satisfaction').data.datasets[0].data[0]")).doubleValue());
            for (String canvas : List.of("flow", "satisfaction", "channels")) {
                assertTrue((Boolean) browser.executeScript("const c = document.getElementById(arguments[0]);"
                        + " const blank = document.createElement('canvas'); blank.width = c.width; blank.height = c.height;"
                        + " return c.width > 0 && c.toDataURL() !== blank.toDataURL();", canvas), canvas + " is drawn");
            }
            String faq = browser.findElement(By.cssSelector("#faq tbody")).getText();
            assertTrue(faq.contains("invoice") && faq.contains("3"), "FAQ candidates: " + faq);
            assertTrue(faq.contains("<img src=x"), "the markup in a question is shown as text: " + faq);
            assertTrue(browser.findElements(By.cssSelector("#faq img")).isEmpty(), "ticket text is shown as text, not markup");
            assertFalse("pwned".equals(browser.getTitle()));

            browser.findElement(By.id("language")).click();
            assertEquals("新規チケット", browser.findElement(By.cssSelector("[data-i18n=created]")).getText());
            assertEquals("ja", browser.executeScript("return document.documentElement.lang"));

            Path screenshot = Path.of("target", "dashboard.png");
            Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), screenshot, StandardCopyOption.REPLACE_EXISTING);
            assertTrue(Files.size(screenshot) > 10_000, "screenshot saved to " + screenshot.toAbsolutePath());
        } finally {
            browser.quit();
        }
    }

    @Test
    void withoutATokenTheDashboardAsksForOneAndABadTokenShowsTheError() {
        ChromeDriver browser = browser();
        try {
            browser.get(dashboard.toString());
            awaitState(browser, "login");
            assertTrue(browser.findElement(By.id("login")).isDisplayed());
            browser.get(dashboard + "#token=not-a-jwt&lang=ja");
            browser.navigate().refresh();
            awaitState(browser, "error");
            assertTrue(browser.findElement(By.id("error")).getText().startsWith("取得できませんでした"), browser.findElement(By.id("error")).getText());
        } finally {
            browser.quit();
        }
    }

    private static ChromeDriver browser() {
        if (!new File(CHROMIUM).canExecute() || !new File(CHROMEDRIVER).canExecute()) {
            throw new IllegalStateException("The dashboard test drives Debian's Chromium: install the packages chromium and chromium-driver"
                    + " (.ci/run does), or point -Dmadoguchi.chromium and -Dmadoguchi.chromedriver at them");
        }
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM).addArguments("--headless=new", "--no-sandbox", "--disable-gpu",
                "--disable-dev-shm-usage", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-quic", "--lang=en-US");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    private static void awaitState(ChromeDriver browser, String state) {
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .until(() -> browser.executeScript("return document.body.dataset.state"), state::equals);
    }

    private static String text(ChromeDriver browser, String id) {
        return browser.findElement(By.id(id)).getText();
    }

    private static void ticket(long id, String type, String data) {
        Events.sendCloudEvent("tickets.v1", Long.toString(id), UUID.randomUUID(), "io.madoguchi.ticket." + type, data);
    }

    private static String token() {
        return AnalyticsTestResource.tokens().mint("lead", Set.of("agent"), Duration.ofMinutes(10));
    }
}
