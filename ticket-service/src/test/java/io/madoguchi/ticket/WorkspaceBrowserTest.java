package io.madoguchi.ticket;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

import io.madoguchi.chassis.testing.Browser;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * An agent's day in the workspace, in two headless Chromium sessions against the running service: a local agent signs
 * in, opens "unassigned", takes a ticket, applies a macro, adds an internal note, sends a public reply and solves it
 * (with the keyboard); a local admin has the same ticket open and sees each change live, both see that the other is
 * there (collision), and the admin's edit begun before the agent's change gets the conflict message with the new
 * values. axe-core finds no serious or critical violation, no Content-Security-Policy violation is reported, and
 * screenshots of the inbox and the ticket (1280 and 390 px wide) are saved to target/.
 */
@QuarkusTest
@WithTestResource(TicketTestResource.class)
class WorkspaceBrowserTest {

    private static final Duration LIVE = Duration.ofSeconds(10);

    @TestHTTPResource("/agent/")
    URL workspace;

    @Test
    void anAgentWorksATicketWhileAnotherSeesEveryChangeLive() throws Exception {
        String marker = UUID.randomUUID().toString().substring(0, 8);
        UUID inquiryId = UUID.randomUUID();
        long ticketId = TicketApi.sendInquiry(TicketApi.inquiry(inquiryId, "email", "ws-" + marker, null, "hanako-" + marker + "@example.jp",
                "請求書が届きません " + marker, "先月分の請求書がまだ届いていません。",
                "\"attachments\":[{\"filename\":\"order.pdf\",\"contentType\":\"application/pdf\",\"size\":122880,\"sha256\":\""
                        + "ab".repeat(32) + "\"}]"), inquiryId, "ws-" + marker).get("ticketId").asLong();
        // escalation-service routed it to the billing queue, nobody assigned yet
        io.madoguchi.chassis.testing.TestProducer.sendCloudEvent("escalations.v1", Long.toString(ticketId), UUID.randomUUID(),
                "io.madoguchi.escalation.routed.v1", "{\"ticketId\":" + ticketId + ",\"queue\":\"billing\",\"rule\":\"invoices-ja\","
                        + "\"ruleVersion\":2,\"tags\":[],\"channel\":\"email\",\"routedAt\":\"2026-12-05T01:00:00Z\"}");
        Awaitility.await().atMost(LIVE).until(() -> "billing".equals(TicketApi.get(ticketId, "agent").jsonPath().getString("queue")));
        // and its first reply falls due in 30 minutes, its resolution in a day
        java.time.Instant firstReplyDue = java.time.Instant.now().plusSeconds(1800);
        io.madoguchi.chassis.testing.TestProducer.sendCloudEvent("escalations.v1", Long.toString(ticketId), UUID.randomUUID(),
                "io.madoguchi.escalation.sla-due.v1", "{\"ticketId\":" + ticketId + ",\"metric\":\"first-reply\",\"dueAt\":\""
                        + firstReplyDue + "\",\"changedAt\":\"" + java.time.Instant.now() + "\",\"clocks\":[{\"metric\":\"first-reply\","
                        + "\"state\":\"running\",\"dueAt\":\"" + firstReplyDue + "\"},{\"metric\":\"resolution\",\"state\":\"running\","
                        + "\"dueAt\":\"" + firstReplyDue.plusSeconds(86_400) + "\"}]}");
        Awaitility.await().atMost(LIVE).until(() -> TicketApi.get(ticketId, "agent").jsonPath().getString("sla.dueAt") != null);
        long macroId = given().auth().oauth2(InquiryToTicketTest.token("admin")).contentType(ContentType.JSON)
                .body("{\"name\":\"Invoice resent " + marker + "\",\"replyBody\":\"We have sent the invoice again.\",\"replyVisibility\":\"public\","
                        + "\"addTags\":[\"billing\"]}")
                .when().post("/api/v1/macros").then().statusCode(201).extract().jsonPath().getLong("id");

        try (Browser agentBrowser = Browser.start("en"); Browser adminBrowser = Browser.start("ja")) {
            ChromeDriver agent = agentBrowser.driver();
            ChromeDriver admin = adminBrowser.driver();
            agent.manage().window().setSize(new Dimension(1280, 900));
            admin.manage().window().setSize(new Dimension(1280, 900));

            try {
                agentsDay(agentBrowser, adminBrowser, ticketId, macroId, marker);
            } catch (AssertionError | RuntimeException e) {
                save(agentBrowser.driver(), "workspace-failure-agent");
                save(adminBrowser.driver(), "workspace-failure-admin");
                throw new AssertionError(e.getMessage() + "\nagent at " + agentBrowser.driver().getCurrentUrl() + ", console: "
                        + agentBrowser.console() + "\nadmin at " + adminBrowser.driver().getCurrentUrl() + ", console: "
                        + adminBrowser.console() + "\n(screenshots target/workspace-failure-*.png)", e);
            }
        }
    }

    private void agentsDay(Browser agentBrowser, Browser adminBrowser, long ticketId, long macroId, String marker) {
        {
            ChromeDriver agent = agentBrowser.driver();
            ChromeDriver admin = adminBrowser.driver();
            signIn(agent, "agent");
            assertEquals("Local agent", await(agent, d -> text(d, "me"), "Local agent"));
            assertTrue(agentBrowser.seriousAccessibilityViolations().isEmpty(), () -> "inbox: " + agentBrowser.seriousAccessibilityViolations());

            agent.findElement(By.cssSelector("[data-view=unassigned]")).click();
            // other tests' tickets share the database: the filter finds this customer's
            agent.findElement(By.name("requester")).sendKeys("hanako-" + marker + "@example.jp");
            agent.findElement(By.cssSelector("#filters button[type=submit]")).click();
            WebElement row = awaitElement(agent, By.cssSelector("[data-ticket='" + ticketId + "']"));
            save(agent, "workspace-inbox-1280");
            row.click();
            await(agent, d -> text(d, "ticket-title"), "T-" + ticketId + " 請求書が届きません " + marker);
            awaitContains(agent, "routing", "Rule invoices-ja · Queue billing");
            awaitContains(agent, "sla", "first reply due");
            awaitContains(agent, "sla", "resolution due");
            awaitContains(agent, "conversation", "order.pdf (application/pdf, 120 KB)");
            // it is among the tickets due within the hour
            agent.findElement(By.cssSelector("[data-view=slaDue]")).click();
            awaitElement(agent, By.cssSelector("[data-ticket='" + ticketId + "'] .badge.due"));
            agent.findElement(By.cssSelector("[data-view=unassigned]")).click();

            signIn(admin, "admin");
            admin.get(workspace + "#ticket=" + ticketId);
            await(admin, d -> text(d, "ticket-title"), "T-" + ticketId + " 請求書が届きません " + marker);
            // collision: each sees the other
            awaitContains(agent, "collision", "Local admin is also viewing this ticket.");
            awaitContains(admin, "collision", "Local agent さんもこのチケットを表示しています。");

            // take it: assign to me, the admin's page follows
            agent.findElement(By.id("take")).click();
            awaitContains(agent, "ticket-meta", "assigned to local-agent");
            awaitContains(admin, "ticket-meta", "担当 local-agent");

            // a macro: its public reply and tag
            choose(agent, By.id("macro"), Long.toString(macroId));
            agent.findElement(By.id("apply-macro")).click();
            awaitMessages(agent, "reply", 1);
            awaitMessages(admin, "reply", 1);
            awaitValue(admin, By.name("tags"), "billing");

            // an internal note, by keyboard: n, type, send
            press(agent, "n");
            agent.switchTo().activeElement().sendKeys("Customer is on the annual plan " + marker);
            agent.findElement(By.id("send")).click();
            awaitMessages(agent, "note", 1);
            awaitMessages(admin, "note", 1);
            WebElement note = admin.findElements(By.cssSelector("#conversation li.note")).get(0);
            assertTrue(note.getText().contains("顧客には表示されません"), note.getText());

            // the admin starts editing the properties (a tag); meanwhile the agent puts the ticket on hold
            admin.findElement(By.name("tags")).sendKeys(" vip");
            choose(agent, By.name("status"), "on-hold");
            agent.findElement(By.cssSelector("#properties button[type=submit]")).click();
            Awaitility.await().atMost(LIVE).until(() -> "on-hold".equals(TicketApi.get(ticketId, "agent").jsonPath().getString("status")));
            // the admin's page hears of it, but their edit began from the older version: saving it is refused
            admin.findElement(By.cssSelector("#properties button[type=submit]")).click();
            awaitContains(admin, "conflict", "他の人が変更しました");
            awaitContains(admin, "conflict", "保留（社内）");
            assertEquals("on-hold", admin.findElement(By.name("status")).getAttribute("value"), "the form shows the new values");
            assertEquals(List.of("billing"), TicketApi.get(ticketId, "agent").jsonPath().getList("tags"), "the stale edit was not saved");

            // a public reply, recorded until its delivery is known
            press(agent, "r");
            agent.switchTo().activeElement().sendKeys("I have resent it to hanako-" + marker + "@example.jp.");
            agent.findElement(By.id("send")).click();
            awaitMessages(agent, "reply", 2);
            awaitMessages(admin, "reply", 2);
            List<WebElement> states = agent.findElements(By.cssSelector("#conversation li.reply [data-delivery]"));
            assertEquals("recorded", states.get(1).getAttribute("data-delivery"));
            save(agent, "workspace-ticket-1280");
            assertTrue(agentBrowser.seriousAccessibilityViolations().isEmpty(), () -> "ticket: " + agentBrowser.seriousAccessibilityViolations());

            // solve, with the keyboard
            press(agent, "s");
            awaitValue(agent, By.name("status"), "solved");
            awaitValue(admin, By.name("status"), "solved");
            assertEquals("solved", TicketApi.get(ticketId, "agent").jsonPath().getString("status"));

            // the shortcuts are listed on ?
            press(agent, "?");
            awaitContains(agent, "shortcut-list", "assign to me");
            press(agent, Keys.ESCAPE.toString());

            agent.manage().window().setSize(new Dimension(390, 844));
            save(agent, "workspace-ticket-390");
            agent.get(workspace.toString());
            awaitElement(agent, By.cssSelector("[data-view=mine]"));
            save(agent, "workspace-inbox-390");

            // a session that ends (expired, signed out elsewhere): the next request signs in again
            agent.manage().deleteCookieNamed("madoguchi_session");
            agent.findElement(By.cssSelector("[data-view=pending]")).click();
            Awaitility.await().atMost(LIVE).ignoreExceptions().until(() -> agent.getCurrentUrl().contains("/auth/local?return="));

            assertEquals(List.of(), agentBrowser.contentSecurityPolicyViolations());
            assertEquals(List.of(), adminBrowser.contentSecurityPolicyViolations());
        }
    }

    private void signIn(ChromeDriver browser, String role) {
        browser.get(workspace.toString());
        awaitElement(browser, By.cssSelector("button[value=" + role + "]")).click();
        Awaitility.await().atMost(LIVE).untilAsserted(() -> assertTrue(browser.getCurrentUrl().contains("/agent/"),
                () -> "at " + browser.getCurrentUrl() + ": " + browser.findElement(By.tagName("body")).getText()));
    }

    /** A key pressed with the focus on nothing in particular, as after clicking an empty part of the page. */
    private static void press(ChromeDriver browser, String key) {
        browser.executeScript("document.activeElement && document.activeElement.blur()");
        new org.openqa.selenium.interactions.Actions(browser).sendKeys(key).perform();
    }

    private static void choose(ChromeDriver browser, By select, String value) {
        browser.findElement(select).findElement(By.cssSelector("option[value='" + value + "']")).click();
    }

    private static String text(ChromeDriver browser, String id) {
        return browser.findElement(By.id(id)).getText();
    }

    private static String await(ChromeDriver browser, Function<ChromeDriver, String> read, String expected) {
        Awaitility.await().atMost(LIVE).ignoreExceptions().untilAsserted(() -> assertEquals(expected, read.apply(browser)));
        return read.apply(browser);
    }

    private static void awaitContains(ChromeDriver browser, String id, String expected) {
        Awaitility.await().atMost(LIVE).ignoreExceptions()
                .untilAsserted(() -> assertTrue(browser.findElement(By.id(id)).getText().contains(expected),
                        () -> "#" + id + " says: " + browser.findElement(By.id(id)).getText()));
    }

    private static void awaitValue(ChromeDriver browser, By field, String expected) {
        Awaitility.await().atMost(LIVE).ignoreExceptions()
                .untilAsserted(() -> assertEquals(expected, browser.findElement(field).getAttribute("value")));
    }

    private static void awaitMessages(ChromeDriver browser, String kind, int count) {
        Awaitility.await().atMost(LIVE).ignoreExceptions()
                .until(() -> browser.findElements(By.cssSelector("#conversation li." + kind)).size() == count);
    }

    private static WebElement awaitElement(ChromeDriver browser, By by) {
        Awaitility.await().atMost(LIVE).ignoreExceptions().until(() -> browser.findElement(by).isDisplayed());
        return browser.findElement(by);
    }

    private static void save(ChromeDriver browser, String name) {
        Path shot = browser.getScreenshotAs(OutputType.FILE).toPath();
        try {
            Files.copy(shot, Path.of("target", name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
