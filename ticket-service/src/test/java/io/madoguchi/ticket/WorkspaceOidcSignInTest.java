package io.madoguchi.ticket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.time.Duration;
import java.util.List;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.chrome.ChromeDriver;

import com.fasterxml.jackson.databind.JsonNode;

import io.madoguchi.chassis.testing.Browser;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Signing in to the workspace through a real OpenID Connect provider (Keycloak), as in production: the authorization
 * code flow with PKCE, the agent role from the provider's groups, the session cookie's attributes, signing out (the
 * session ends here, and at the provider through RP-initiated logout), and a person in no agent or admin group refused.
 */
@QuarkusTest
@WithTestResource(TicketTestResource.class)
@WithTestResource(KeycloakTestResource.class)
class WorkspaceOidcSignInTest {

    private static final Duration PAGE = Duration.ofSeconds(20);

    @TestHTTPResource("/agent/")
    URL workspace;

    @Test
    void anAgentSignsInThroughTheProviderAndOut() throws Exception {
        try (Browser chromium = Browser.start("en")) {
            ChromeDriver browser = chromium.driver();
            browser.get(workspace.toString());
            // the provider's login page, reached with a PKCE challenge
            awaitElement(browser, By.id("username"));
            assertTrue(browser.getCurrentUrl().contains("/realms/madoguchi/protocol/openid-connect/auth"), browser.getCurrentUrl());
            assertTrue(browser.getCurrentUrl().contains("code_challenge_method=S256"), browser.getCurrentUrl());
            logIn(browser, "aiko", "aiko-password");

            Awaitility.await().atMost(PAGE).ignoreExceptions().untilAsserted(() ->
                    assertEquals("Aiko Sato", browser.findElement(By.id("me")).getText()));
            assertTrue(browser.getCurrentUrl().startsWith(workspace.toString()), browser.getCurrentUrl());
            Cookie session = browser.manage().getCookieNamed("madoguchi_session");
            assertTrue(session.isHttpOnly() && session.isSecure() && "Lax".equals(session.getSameSite()), session::toString);

            browser.get(workspace.toString().replace("/agent/", "/auth/session"));
            JsonNode me = TicketApi.JSON.readTree(browser.findElement(By.tagName("body")).getText());
            assertEquals("aiko", me.get("subject").asText());
            assertEquals("oidc", me.get("signedInWith").asText());
            assertEquals(List.of("agent"), TicketApi.JSON.convertValue(me.get("roles"), List.class));

            // out: the session ends here and at the provider
            browser.get(workspace.toString());
            awaitElement(browser, By.cssSelector("#sign-out button")).click();
            Awaitility.await().atMost(PAGE).ignoreExceptions().untilAsserted(() -> assertTrue(browser.getCurrentUrl().contains("/auth/signed-out"),
                    browser::getCurrentUrl));
            assertEquals(null, browser.manage().getCookieNamed("madoguchi_session"));
            browser.get(workspace.toString().replace("/agent/", "/auth/session"));
            assertTrue(browser.findElement(By.tagName("body")).getText().contains("Not signed in"));
            // the provider's session ended too: it asks again, and signing in again works
            browser.get(workspace.toString());
            logIn(browser, "aiko", "aiko-password");
            Awaitility.await().atMost(PAGE).ignoreExceptions().untilAsserted(() ->
                    assertEquals("Aiko Sato", browser.findElement(By.id("me")).getText()));
        }
        // someone in neither group is refused
        try (Browser chromium = Browser.start("en")) {
            ChromeDriver browser = chromium.driver();
            browser.get(workspace.toString());
            logIn(browser, "nobu", "nobu-password");
            Awaitility.await().atMost(PAGE).ignoreExceptions().untilAsserted(() ->
                    assertTrue(browser.findElement(By.tagName("h1")).getText().contains("Not allowed")));
            assertEquals(null, browser.manage().getCookieNamed("madoguchi_session"));
        }
    }

    private static void logIn(ChromeDriver browser, String user, String password) {
        awaitElement(browser, By.id("username")).sendKeys(user);
        browser.findElement(By.id("password")).sendKeys(password);
        browser.findElement(By.id("kc-login")).click();
    }

    private static org.openqa.selenium.WebElement awaitElement(ChromeDriver browser, By by) {
        Awaitility.await().atMost(PAGE).ignoreExceptions().untilAsserted(() -> assertTrue(browser.findElement(by).isDisplayed(),
                browser.getCurrentUrl()));
        return browser.findElement(by);
    }
}
