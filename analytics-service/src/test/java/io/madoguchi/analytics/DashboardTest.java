package io.madoguchi.analytics;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

import io.madoguchi.chassis.testing.Browser;
import io.madoguchi.chassis.testing.TestProducer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The dashboard in Debian's headless Chromium against the running service with known data: the tiles and charts
 * show the right numbers, the labels switch between English and Japanese, text from tickets is shown as text,
 * and a screenshot is saved to target/dashboard.png.
 *
 * <pre>
 * day 1 (JST)  T0 email 10:00, T1 email 11:00, T2 chat 12:00, queue dash…, all answered 14:00, solved 15:00, rated good/good/bad
 *              first replies as escalation-service measured them (the queue's SLA calendar: 09:00-18:00 JST every day,
 *              an hour's lunch at noon; target 4 business hours; nothing paused, so running = elapsed):
 *              T0 due 15:00: met, 4 h = 3 business h (10-12, 13-14)
 *              T1 due 16:00: met, 3 h = 2 business h (11-12, 13-14)
 *              T2 due 17:00: met, 2 h = 1 business h (13-14: the lunch hour is not counted)
 *              chatbot deflections: chat 00:00, chat 13:00, line 20:00 (and chat at 23:59 the day before: outside)
 * day 2 (JST)  T3 line 11:00, same queue, still open: first reply due 16:00, breached at 16:00, answered 17:00:
 *              6 h = 5 business h (11-12, 13-17), measured as breached
 *              chatbot deflections: chat 09:30, line 23:59 (and chat at 00:00 the day after: outside)
 * deliveries   day 1: T0's reply by e-mail failed (550), T2's reply by chat sent; day 2: T1's survey by e-mail failed,
 *              T3's reply by LINE failed and was sent after a retry (recovered, not failed); and T3's e-mail failure at 00:00
 *              the day after: outside. Failed by channel: chat 0, email 2, line 0, of all queues (a delivery has no queue)
 * </pre>
 *
 * The range is day 1 and day 2 in Tokyo, a year and days no other test uses (the month is random), so that even
 * without the queue filter it holds these tickets and deflections only.
 */
@QuarkusTest
@WithTestResource(AnalyticsTestResource.class)
class DashboardTest {

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
        // answered late (17:00 JST) and still open
        ticket(open, "message-added.v1", "{\"ticketId\":%d,\"message\":{\"messageId\":2,\"authorType\":\"agent\",\"visibility\":\"public\",\"body\":\"Looking into it.\",\"createdAt\":\"%sT08:00:00Z\"}}"
                .formatted(open, d2));

        // what escalation-service's first-reply clocks announced (see the class comment); times in UTC, JST − 9 h
        measured(base, queue, d1 + "T01:00:00Z", d1 + "T05:00:00Z", 14400, 10800, false);
        measured(base + 1, queue, d1 + "T02:00:00Z", d1 + "T05:00:00Z", 10800, 7200, false);
        measured(base + 2, queue, d1 + "T03:00:00Z", d1 + "T05:00:00Z", 7200, 3600, false);
        escalation(open, "sla-breached.v1", "{\"ticketId\":%d,\"metric\":\"first-reply\",\"priority\":\"normal\",\"dueAt\":\"%sT07:00:00Z\",\"breachedAt\":\"%sT07:00:00Z\"}"
                .formatted(open, d2, d2));
        measured(open, queue, d2 + "T02:00:00Z", d2 + "T08:00:00Z", 21600, 18000, true);
        // chatbot deflections: five in the range, one a minute before it and one at its end
        String d0 = d1.substring(0, 8) + "13";
        deflected("chat", d0 + "T14:59:00Z");
        deflected("chat", d0 + "T15:00:00Z");
        deflected("chat", d1 + "T04:00:00Z");
        deflected("line", d1 + "T11:00:00Z");
        deflected("chat", d2 + "T00:30:00Z");
        deflected("line", d2 + "T14:59:00Z");
        deflected("chat", d2 + "T15:00:00Z");

        // deliveries (see the class comment); times in UTC, JST − 9 h
        delivery(base, Events.DELIVERY_FAILED, Events.deliveryFailed(UUID.randomUUID(), base, "reply", "email", "ken@example.jp", 1,
                "SMTP 550: 5.1.1 <ken@example.jp>: user unknown", true, d1 + "T06:00:00Z"));
        delivery(base + 2, Events.DELIVERY_SENT, Events.deliverySent(UUID.randomUUID(), base + 2, "reply", "chat", "web", 1, d1 + "T05:00:00Z"));
        delivery(base + 1, Events.DELIVERY_FAILED, Events.deliveryFailed(UUID.randomUUID(), base + 1, "survey", "email", "ken@example.jp", 1,
                "SMTP 552: 5.2.2 mailbox full", true, d2 + "T02:00:00Z"));
        UUID retried = UUID.randomUUID();
        delivery(open, Events.DELIVERY_FAILED, Events.deliveryFailed(retried, open, "reply", "line", "U4af4980629a1b2c3d4e5f60718293a4b", 5,
                "LINE 500: Internal Server Error", false, d2 + "T08:30:00Z"));
        delivery(open, Events.DELIVERY_SENT, Events.deliverySent(retried, open, "reply", "line", "U4af4980629a1b2c3d4e5f60718293a4b", 1,
                d2 + "T09:00:00Z"));
        delivery(open, Events.DELIVERY_FAILED, Events.deliveryFailed(UUID.randomUUID(), open, "reply", "email", "ken@example.jp", 1,
                "SMTP 550: 5.1.1 <ken@example.jp>: user unknown", true, d2 + "T15:00:00Z"));

        String from = d1 + "T00:00:00+09:00", to = d2.substring(0, 8) + "16T00:00:00+09:00";
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            given().auth().oauth2(token()).queryParam("from", from).queryParam("to", to).when().get("/api/v1/stats/deliveries").then()
                    .statusCode(200).body("totals.failed", equalTo(2)).body("totals.sent", equalTo(2)).body("totals.recovered", equalTo(1));
            given().auth().oauth2(token()).queryParam("from", to).queryParam("to", d2.substring(0, 8) + "17T00:00:00+09:00")
                    .when().get("/api/v1/stats/deliveries").then().statusCode(200).body("totals.failed", equalTo(1));
            overview(from, to, queue).body("overview.totals.created", equalTo(4))
                    .body("overview.series.slaMet", equalTo(List.of(3, 0))).body("overview.series.slaBreached", equalTo(List.of(0, 1)))
                    .body("overview.durations.firstReply.businessHours.count", equalTo(4));
            overview(from, to, null).body("overview.totals.deflected", equalTo(5));
        });

        Browser chromium = Browser.start("en-US");
        ChromeDriver browser = chromium.driver();
        try {
            browser.manage().window().setSize(new Dimension(1400, 1100));
            signIn(browser);
            open(browser, "#from=" + d1 + "&to=" + d2 + "&queue=" + queue + "&zone=Asia/Tokyo&lang=en");
            awaitState(browser, "ready");

            assertEquals("4", text(browser, "tile-created"));
            assertEquals("3", text(browser, "tile-solved"));
            assertEquals("1", text(browser, "tile-backlog"));
            assertEquals("66.7%", text(browser, "tile-csat"));
            assertEquals("of 3 rated", text(browser, "basis-csat"));
            assertEquals("100%", text(browser, "tile-one-touch"));
            assertEquals("of 3 solved tickets", text(browser, "basis-one-touch"));
            assertEquals(List.of(List.of(3L, 1L), List.of(3L, 0L), List.of(0L, 1L)),
                    browser.executeScript("return Chart.getChart('flow').data.datasets.map(d => d.data)"));
            assertEquals(List.of(d1, d2), browser.executeScript("return Chart.getChart('flow').data.labels"));
            assertEquals(List.of("email", "chat", "line"), browser.executeScript("return Chart.getChart('channels').data.labels"));
            assertEquals(List.of(2L, 1L, 1L), browser.executeScript("return Chart.getChart('channels').data.datasets[0].data"));
            assertEquals(66.67, ((Number) browser.executeScript("return Chart.getChart('satisfaction').data.datasets[0].data[0]")).doubleValue());
            assertSlaFigures(browser);
            assertDeliveryFigures(browser);
            // a deflection has no queue: filtered by queue, the overview has no deflection rate (null by design)
            assertEquals("no data", text(browser, "tile-deflection"));
            assertEquals("not kept by queue or agent", text(browser, "basis-deflection"));
            for (String canvas : List.of("flow", "satisfaction", "channels", "deliveries")) {
                assertTrue(drawn(browser, canvas), canvas + " is drawn");
            }
            String faq = browser.findElement(By.cssSelector("#faq tbody")).getText();
            assertTrue(faq.contains("invoice") && faq.contains("3"), "FAQ candidates: " + faq);
            assertTrue(faq.contains("<img src=x"), "the markup in a question is shown as text: " + faq);
            assertTrue(browser.findElements(By.cssSelector("#faq img")).isEmpty(), "ticket text is shown as text, not markup");
            assertFalse("pwned".equals(browser.getTitle()));
            // the drill-down: every ticket behind the candidate, with the agents' answer, shown as text
            WebElement showTickets = browser.findElement(By.cssSelector("#faq .show-tickets"));
            assertEquals("Show its 3 tickets", showTickets.getText());
            showTickets.click();
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> browser.findElements(By.cssSelector("#faq .tickets li")).size() == 3);
            assertEquals(List.of(String.valueOf(base), String.valueOf(base + 1), String.valueOf(base + 2)),
                    browser.findElements(By.cssSelector("#faq .tickets li")).stream().map(li -> li.getAttribute("data-ticket")).toList());
            String members = browser.findElement(By.cssSelector("#faq .tickets")).getText();
            assertTrue(members.contains("The invoice for March never arrived") && members.contains("Answer: Resent.")
                    && members.contains("<img src=x"), "each ticket's question and answer, as text: " + members);
            assertEquals("true", showTickets.getAttribute("aria-expanded"));
            assertTrue(browser.findElements(By.cssSelector("#faq img")).isEmpty(), "ticket text is shown as text, not markup");

            // all queues: the range holds this test's four tickets only, so the deflection rate is 5 ÷ (5 + 4)
            browser.executeScript("document.body.dataset.state = 'stale'");
            WebElement queueField = browser.findElement(By.cssSelector("#filters [name=queue]"));
            queueField.clear();
            browser.findElement(By.cssSelector("#filters button[type=submit]")).click();
            awaitState(browser, "ready");
            assertEquals("4", text(browser, "tile-created"), "no other test's tickets in the range");
            assertEquals("55.6%", text(browser, "tile-deflection"));
            assertEquals("of 9: 5 deflected, 4 tickets", text(browser, "basis-deflection"));
            assertSlaFigures(browser);
            assertEquals(List.of(List.of(3L, 1L), List.of(3L, 0L)),
                    browser.executeScript("return Chart.getChart('flow').data.datasets.slice(0, 2).map(d => d.data)"));
            assertDeliveryFigures(browser);
            for (String canvas : List.of("flow", "satisfaction", "channels", "deliveries")) {
                assertTrue(drawn(browser, canvas), canvas + " is drawn");
            }

            browser.findElement(By.id("language")).click();
            assertEquals("新規チケット", browser.findElement(By.cssSelector("[data-i18n=created]")).getText());
            assertEquals("ja", browser.executeScript("return document.documentElement.lang"));

            assertEquals("SLA 達成率：初回応答", browser.findElement(By.cssSelector("[data-i18n=slaFirstReply]")).getText());
            assertEquals("4 件中 達成 3・未達 1", text(browser, "basis-sla-first-reply"));
            assertEquals("計測なし", text(browser, "basis-sla-next-reply"));

            Path screenshot = Path.of("target", "dashboard.png");
            Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), screenshot, StandardCopyOption.REPLACE_EXISTING);
            assertTrue(Files.size(screenshot) > 10_000, "screenshot saved to " + screenshot.toAbsolutePath());
            assertEquals(List.of(), chromium.contentSecurityPolicyViolations(), "the dashboard works under its Content-Security-Policy");
        } finally {
            chromium.close();
        }
    }

    /**
     * The case of issue #23: 240 tickets answered within minutes, met on first reply but for one and on resolution but
     * for two, and no next-reply clock at all (nobody wrote after the first answer). Each SLA metric has its own tile
     * with what it rests on; next reply says "no data", never 0 %.
     */
    @Test
    void eachSlaMetricHasItsOwnTileWithWhatItRestsOnAndOneWithoutMeasurementsSaysNoData() {
        int month = ThreadLocalRandom.current().nextInt(1, 13);
        String day = "2036-%02d-20".formatted(month);
        String queue = "tiles" + UUID.randomUUID().toString().substring(0, 6);
        long base = ThreadLocalRandom.current().nextLong(1_000_000_000L, 2_000_000_000L);
        List<org.apache.kafka.clients.producer.ProducerRecord<String, byte[]>> tickets = new java.util.ArrayList<>();
        List<org.apache.kafka.clients.producer.ProducerRecord<String, byte[]>> escalations = new java.util.ArrayList<>();
        for (int i = 0; i < 240; i++) {
            long id = base + i;
            tickets.add(TestProducer.cloudEvent("tickets.v1", Long.toString(id), UUID.randomUUID(), "io.madoguchi.ticket.created.v1",
                    "{\"ticketId\":%d,\"channel\":\"form\",\"status\":\"new\",\"createdAt\":\"%sT01:00:00Z\"}".formatted(id, day)));
            tickets.add(TestProducer.cloudEvent("tickets.v1", Long.toString(id), UUID.randomUUID(), "io.madoguchi.ticket.assigned.v1",
                    "{\"ticketId\":%d,\"queue\":\"%s\",\"assignee\":\"mei\"}".formatted(id, queue)));
            boolean lateReply = i == 0, lateResolution = i < 2;
            escalations.add(clock(id, "first-reply", queue, day + "T01:00:00Z", day + "T01:05:00Z", lateReply));
            escalations.add(clock(id, "resolution", queue, day + "T01:00:00Z", day + "T01:10:00Z", lateResolution));
            if (lateReply) {
                escalations.add(breach(id, "first-reply", day + "T01:04:00Z"));
            }
            if (lateResolution) {
                escalations.add(breach(id, "resolution", day + "T01:09:00Z"));
            }
        }
        TestProducer.sendAtOnce(tickets);
        TestProducer.sendAtOnce(escalations);
        String from = day + "T00:00:00+09:00", to = day.substring(0, 8) + "21T00:00:00+09:00";
        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> overview(from, to, queue)
                .body("overview.totals.created", equalTo(240))
                .body("overview.totals.slaMet.first-reply", equalTo(239)).body("overview.totals.slaBreached.first-reply", equalTo(1))
                .body("overview.totals.slaMet.resolution", equalTo(238)).body("overview.totals.slaBreached.resolution", equalTo(2))
                .body("overview.totals.slaMet.next-reply", equalTo(0)).body("overview.totals.slaBreached.next-reply", equalTo(0))
                .body("overview.totals.slaAchievementPercent.next-reply", org.hamcrest.Matchers.nullValue()));

        try (Browser chromium = Browser.start("en-US")) {
            ChromeDriver browser = chromium.driver();
            browser.manage().window().setSize(new Dimension(1400, 1100));
            signIn(browser);
            open(browser, "#from=" + day + "&to=" + day + "&queue=" + queue + "&zone=Asia/Tokyo&lang=en");
            awaitState(browser, "ready");
            assertEquals("240", text(browser, "tile-created"));
            assertEquals("99.6%", text(browser, "tile-sla-first-reply"));
            assertEquals("of 240: 239 met, 1 breached", text(browser, "basis-sla-first-reply"));
            assertEquals("99.2%", text(browser, "tile-sla-resolution"));
            assertEquals("of 240: 238 met, 2 breached", text(browser, "basis-sla-resolution"));
            assertEquals("no data", text(browser, "tile-sla-next-reply"));
            assertEquals("nothing measured", text(browser, "basis-sla-next-reply"));
            // nothing solved or rated: no share of them, and no 0 %
            assertEquals("no data", text(browser, "tile-csat"));
            assertEquals("nothing measured", text(browser, "basis-csat"));
            assertEquals("no data", text(browser, "tile-one-touch"));
            assertEquals("nothing measured", text(browser, "basis-one-touch"));
            assertEquals("0.1 h", text(browser, "tile-first-reply"), "5 minutes");
            assertEquals("of 240 replies", text(browser, "basis-first-reply"));
            assertEquals(List.of(), chromium.contentSecurityPolicyViolations());
        }
    }

    @Test
    void theDashboardIsServedWithTheBrowserSecurityHeadersToSignedInPeopleOnly() {
        given().accept("text/html").redirects().follow(false).when().get("/dashboard/").then().statusCode(302)
                .header("Location", "/auth/local?return=%2Fdashboard%2F");
        String session = given().formParam("role", "agent").redirects().follow(false).when().post("/auth/local")
                .then().statusCode(303).extract().cookie("madoguchi_session");
        given().cookie("madoguchi_session", session).when().get("/api/v1/stats/summary").then().statusCode(200);
        given().cookie("madoguchi_session", session).when().get("/dashboard/").then().statusCode(200)
                .header("Content-Security-Policy", org.hamcrest.Matchers.allOf(org.hamcrest.Matchers.containsString("script-src 'self'"),
                        org.hamcrest.Matchers.containsString("frame-ancestors 'none'"), org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("unsafe-inline"))))
                .header("X-Content-Type-Options", "nosniff").header("Referrer-Policy", "no-referrer")
                .header("Permissions-Policy", org.hamcrest.Matchers.containsString("camera=()"));
        given().cookie("madoguchi_session", session).when().get("/dashboard/dashboard.js").then().statusCode(200)
                .header("X-Content-Type-Options", "nosniff");
    }

    /** An SLA clock's end as escalation-service announces it (normal priority, round the clock: running = elapsed). */
    private static org.apache.kafka.clients.producer.ProducerRecord<String, byte[]> clock(long id, String metric, String queue, String startedAt,
            String endedAt, boolean breached) {
        long seconds = Duration.between(java.time.Instant.parse(startedAt), java.time.Instant.parse(endedAt)).toSeconds();
        return TestProducer.cloudEvent("escalations.v1", Long.toString(id), UUID.randomUUID(), "io.madoguchi.escalation.sla-measured.v1",
                ("{\"ticketId\":%d,\"metric\":\"%s\",\"priority\":\"normal\",\"queue\":\"%s\",\"startedAt\":\"%s\",\"endedAt\":\"%s\","
                        + "\"targetSeconds\":240,\"businessHours\":false,\"elapsedSeconds\":%d,\"elapsedBusinessSeconds\":%d,"
                        + "\"runningSeconds\":%d,\"runningBusinessSeconds\":%d,\"breached\":%s}")
                        .formatted(id, metric, queue, startedAt, endedAt, seconds, seconds, seconds, seconds, breached));
    }

    private static org.apache.kafka.clients.producer.ProducerRecord<String, byte[]> breach(long id, String metric, String at) {
        return TestProducer.cloudEvent("escalations.v1", Long.toString(id), UUID.randomUUID(), "io.madoguchi.escalation.sla-breached.v1",
                "{\"ticketId\":%d,\"metric\":\"%s\",\"priority\":\"normal\",\"dueAt\":\"%s\",\"breachedAt\":\"%s\"}"
                        .formatted(id, metric, at, at));
    }

    @Test
    void theDashboardSignsInWithThePageSessionNeverATokenAndSendsAnEndedSessionBackToSignIn() {
        try (Browser chromium = Browser.start("ja")) {
            ChromeDriver browser = chromium.driver();
            browser.get(dashboard.toString());
            // no session: the sign-in (here the local one; in production the agent workspace's, on the same host)
            Awaitility.await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
                    .until(() -> browser.getCurrentUrl().contains("/auth/local?return="));
            signIn(browser);
            awaitState(browser, "ready");
            Awaitility.await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
                    .until(() -> "Local agent".equals(browser.findElement(By.id("me")).getText()));
            assertFalse(browser.getCurrentUrl().contains("token"), browser.getCurrentUrl());
            assertEquals(0L, browser.executeScript("return sessionStorage.length + localStorage.length"), "nothing kept in web storage");
            // the session ends (expired, or signed out elsewhere): the next reading sends the person to sign in again
            browser.manage().deleteCookieNamed("madoguchi_session");
            browser.findElement(By.cssSelector("#filters button[type=submit]")).click();
            Awaitility.await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
                    .until(() -> browser.getCurrentUrl().contains("/auth/local?return="));
            assertEquals(List.of(), chromium.contentSecurityPolicyViolations());
        }
    }

    /** Through the local sign-in, as a local agent: the page the browser is on sends it there, or it is there already. */
    private void signIn(ChromeDriver browser) {
        if (!browser.getCurrentUrl().contains("/auth/local")) {
            browser.get(dashboard.toString());
        }
        Awaitility.await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
                .until(() -> browser.findElement(By.cssSelector("button[value=agent]")).isDisplayed());
        browser.findElement(By.cssSelector("button[value=agent]")).click();
        Awaitility.await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> browser.getCurrentUrl().contains("/dashboard/"));
    }

    /** The dashboard with these settings (its hash), read afresh. */
    private void open(ChromeDriver browser, String hash) {
        browser.get(dashboard + hash);
        browser.navigate().refresh();
    }

    /**
     * First replies, the only SLA metric with clocks here: met T0, T1 and T2, breached T3: 3 ÷ (3 + 1); by day 3 ÷ 3 on
     * day 1 and 0 ÷ (0 + 1) on day 2. The median of 1, 2, 3 and 5 business hours: (2 + 3) ÷ 2 (round the clock it would
     * be 3.5).
     */
    private static void assertSlaFigures(ChromeDriver browser) {
        assertEquals("75%", text(browser, "tile-sla-first-reply"));
        assertEquals("of 4: 3 met, 1 breached", text(browser, "basis-sla-first-reply"));
        assertEquals("no data", text(browser, "tile-sla-next-reply"));
        assertEquals("no data", text(browser, "tile-sla-resolution"));
        assertEquals("2.5 h", text(browser, "tile-first-reply"));
        assertEquals("of 4 replies", text(browser, "basis-first-reply"));
        assertEquals(List.of(100.0, 0.0), numbers(browser.executeScript("return Chart.getChart('satisfaction').data.datasets[1].data")));
    }

    /** Failed deliveries by channel, of all queues: the LINE reply sent after its retry is not failed, nor is the chat reply. */
    private static void assertDeliveryFigures(ChromeDriver browser) {
        assertEquals(List.of("chat", "email", "line"), browser.executeScript("return Chart.getChart('deliveries').data.labels"));
        assertEquals(List.of(0L, 2L, 0L), browser.executeScript("return Chart.getChart('deliveries').data.datasets[0].data"));
    }

    private static boolean drawn(ChromeDriver browser, String canvas) {
        return (Boolean) browser.executeScript("const c = document.getElementById(arguments[0]);"
                + " const blank = document.createElement('canvas'); blank.width = c.width; blank.height = c.height;"
                + " return c.width > 0 && c.toDataURL() !== blank.toDataURL();", canvas);
    }

    /** Chart data as doubles (WebDriver hands whole numbers back as Long). */
    private static List<Double> numbers(Object values) {
        return ((List<?>) values).stream().map(v -> v == null ? null : ((Number) v).doubleValue()).toList();
    }

    private static void awaitState(ChromeDriver browser, String state) {
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .until(() -> browser.executeScript("return document.body.dataset.state"), state::equals);
    }

    private static String text(ChromeDriver browser, String id) {
        return browser.findElement(By.id(id)).getText();
    }

    private static void ticket(long id, String type, String data) {
        TestProducer.sendCloudEvent("tickets.v1", Long.toString(id), UUID.randomUUID(), "io.madoguchi.ticket." + type, data);
    }

    /** A first-reply clock's end (normal priority, 4 business hours): nothing was paused, so running = elapsed. */
    private static void measured(long id, String queue, String startedAt, String endedAt, long elapsed, long elapsedBusiness, boolean breached) {
        escalation(id, "sla-measured.v1", ("{\"ticketId\":%d,\"metric\":\"first-reply\",\"priority\":\"normal\",\"queue\":\"%s\","
                + "\"startedAt\":\"%s\",\"endedAt\":\"%s\",\"targetSeconds\":14400,\"businessHours\":true,\"elapsedSeconds\":%d,"
                + "\"elapsedBusinessSeconds\":%d,\"runningSeconds\":%d,\"runningBusinessSeconds\":%d,\"breached\":%s}")
                .formatted(id, queue, startedAt, endedAt, elapsed, elapsedBusiness, elapsed, elapsedBusiness, breached));
    }

    private static void escalation(long id, String type, String data) {
        TestProducer.sendCloudEvent("escalations.v1", Long.toString(id), UUID.randomUUID(), "io.madoguchi.escalation." + type, data);
    }

    /** As ingest-service sends it: keyed by the ticket, so a delivery's outcomes stay in order. */
    private static void delivery(long ticketId, String type, String data) {
        TestProducer.sendCloudEvent("deliveries.v1", Long.toString(ticketId), UUID.randomUUID(), type, data);
    }

    private static void deflected(String channel, String receivedAt) {
        String key = channel + ":web/" + UUID.randomUUID();
        TestProducer.sendCloudEvent("inquiries.v1", key, UUID.randomUUID(), "io.madoguchi.inquiry.deflected.v1",
                "{\"inquiryId\":\"%s\",\"receivedAt\":\"%s\",\"channel\":\"%s\",\"source\":\"web\",\"conversationKey\":\"%s\",\"body\":\"opening hours?\"}"
                        .formatted(UUID.randomUUID(), receivedAt, channel, key));
    }

    /** The overview of the range in Tokyo by day, of the queue or (null) of all queues. */
    private static io.restassured.response.ValidatableResponse overview(String from, String to, String queue) {
        var request = given().auth().oauth2(token()).queryParam("from", from).queryParam("to", to).queryParam("zone", "Asia/Tokyo")
                .queryParam("granularity", "day");
        return (queue == null ? request : request.queryParam("queue", queue)).when().get("/api/v1/stats/overview").then().statusCode(200);
    }

    private static String token() {
        return AnalyticsTestResource.tokens().mint("lead", Set.of("agent"), Duration.ofMinutes(10));
    }
}
