package io.madoguchi.ticket;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * The workspace's page session over HTTP: the local sign-in (on in tests as in the launcher), the cookie's attributes,
 * the REST API taking the session as it takes bearer tokens, the CSRF token and same-site check on every change, a
 * tampered cookie, the open-redirect guard, and signing out.
 */
@QuarkusTest
@WithTestResource(TicketTestResource.class)
class WorkspaceSessionTest {

    @Test
    void aBrowserWithoutASessionIsSentToSignInAndAnApiClientGets401() {
        given().accept("text/html").redirects().follow(false).when().get("/agent/")
                .then().statusCode(302).header("Location", "/auth/local?return=%2Fagent%2F");
        given().accept(ContentType.JSON).when().get("/api/v1/tickets")
                .then().statusCode(401).header("WWW-Authenticate", containsString("Bearer"));
    }

    @Test
    void theLocalSignInStartsASessionTheWorkspaceAndTheApiAccept() {
        Response signedIn = signIn("agent", "/agent/");
        signedIn.then().statusCode(303).header("Location", equalTo(location("/agent/")));
        String setCookie = signedIn.header("Set-Cookie");
        assertTrue(setCookie.startsWith("madoguchi_session="), setCookie);
        for (String attribute : new String[] { "Path=/", "HttpOnly", "Secure", "SameSite=Lax", "Max-Age=28800" }) {
            assertTrue(setCookie.contains(attribute), attribute + " in " + setCookie);
        }
        String cookie = signedIn.cookie("madoguchi_session");

        given().cookie("madoguchi_session", cookie).accept("text/html").when().get("/agent/").then().statusCode(200);
        given().cookie("madoguchi_session", cookie).when().get("/api/v1/tickets?limit=1").then().statusCode(200);
        given().cookie("madoguchi_session", cookie).when().get("/auth/session").then().statusCode(200)
                .body("subject", equalTo("local-agent")).body("roles", hasItems("agent")).body("signedInWith", equalTo("local"));
        // an agent's session is not an admin's
        given().cookie("madoguchi_session", cookie).contentType(ContentType.JSON).header("X-CSRF-Token", csrf(cookie))
                .body("{\"into\":1}").when().post("/api/v1/tickets/1/merge").then().statusCode(403);
    }

    @Test
    void theWorkspaceAndTheSignInPagesCarryTheBrowserSecurityHeaders() {
        String cookie = signIn("agent", "/agent/").cookie("madoguchi_session");
        for (var page : java.util.List.of(given().cookie("madoguchi_session", cookie).when().get("/agent/"),
                given().when().get("/auth/local"), given().when().get("/auth/signed-out"))) {
            page.then().statusCode(200).contentType(containsString("text/html"))
                    .header("Content-Security-Policy", org.hamcrest.Matchers.allOf(containsString("script-src 'self'"),
                            containsString("frame-ancestors 'none'"), org.hamcrest.Matchers.not(containsString("unsafe-inline"))))
                    .header("X-Content-Type-Options", "nosniff").header("Referrer-Policy", "no-referrer")
                    .header("Permissions-Policy", containsString("camera=()"));
        }
        given().cookie("madoguchi_session", cookie).when().get("/agent/workspace.js").then().statusCode(200)
                .header("X-Content-Type-Options", "nosniff");
    }

    @Test
    void everyChangeThroughTheSessionNeedsItsCsrfTokenAndTheSameSite() {
        String cookie = signIn("admin", "/agent/").cookie("madoguchi_session");
        String token = csrf(cookie);
        String note = "{\"body\":\"a note\",\"visibility\":\"internal\"}";
        long missing = 9_000_000_000L;

        given().cookie("madoguchi_session", cookie).contentType(ContentType.JSON).body(note)
                .when().post("/api/v1/tickets/" + missing + "/messages")
                .then().statusCode(403).contentType("application/problem+json").body("detail", containsString("X-CSRF-Token"));
        given().cookie("madoguchi_session", cookie).contentType(ContentType.JSON).header("X-CSRF-Token", "forged").body(note)
                .when().post("/api/v1/tickets/" + missing + "/messages").then().statusCode(403);
        given().cookie("madoguchi_session", cookie).contentType(ContentType.JSON).header("X-CSRF-Token", token)
                .header("Origin", "https://evil.example").body(note)
                .when().post("/api/v1/tickets/" + missing + "/messages").then().statusCode(403);
        // with the token, from the same site, the request reaches the API (no such ticket)
        given().cookie("madoguchi_session", cookie).contentType(ContentType.JSON).header("X-CSRF-Token", token)
                .body(note).when().post("/api/v1/tickets/" + missing + "/messages").then().statusCode(404);
        // a presence announcement is answered once the broker has it
        given().cookie("madoguchi_session", cookie).contentType(ContentType.JSON).header("X-CSRF-Token", token)
                .body("{\"activity\":\"viewing\"}").when().post("/api/v1/live/tickets/" + missing + "/presence").then().statusCode(202);
        given().cookie("madoguchi_session", cookie).contentType(ContentType.JSON).header("X-CSRF-Token", token)
                .body("{\"activity\":\"dancing\"}").when().post("/api/v1/live/tickets/" + missing + "/presence").then().statusCode(400);
        // bearer callers are not asked for a CSRF token
        given().auth().oauth2(InquiryToTicketTest.token("agent")).contentType(ContentType.JSON).body(note)
                .when().post("/api/v1/tickets/" + missing + "/messages").then().statusCode(404);
    }

    @Test
    void aTamperedOrForeignCookieIsNoSession() {
        String cookie = signIn("agent", "/agent/").cookie("madoguchi_session");
        String payload = cookie.substring(0, cookie.indexOf('.'));
        String asAdmin = new String(java.util.Base64.getUrlDecoder().decode(payload)).replace("\"agent\"", "\"admin\"");
        String forged = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(asAdmin.getBytes()) + cookie.substring(cookie.indexOf('.'));
        given().cookie("madoguchi_session", forged).accept("text/html").redirects().follow(false).when().get("/agent/")
                .then().statusCode(302);
        given().cookie("madoguchi_session", "garbage." + UUID.randomUUID()).when().get("/api/v1/tickets").then().statusCode(401);
    }

    @Test
    void signInReturnsOnlyToThisServicesOwnPages() {
        assertEquals(location("/agent/"), signIn("agent", "//evil.example/x").header("Location"));
        assertEquals(location("/agent/"), signIn("agent", "https://evil.example/").header("Location"));
        assertEquals(location("/agent/tickets/7"), signIn("agent", "/agent/tickets/7").header("Location"));
        given().formParam("role", "agent").header("Origin", "https://evil.example").redirects().follow(false)
                .when().post("/auth/local").then().statusCode(403);
        given().formParam("role", "root").redirects().follow(false).when().post("/auth/local").then().statusCode(400);
    }

    @Test
    void signingOutEndsTheSession() {
        String cookie = signIn("agent", "/agent/").cookie("madoguchi_session");
        given().cookie("madoguchi_session", cookie).formParam("csrf", "forged").redirects().follow(false)
                .when().post("/auth/sign-out").then().statusCode(403);
        Response out = given().cookie("madoguchi_session", cookie).formParam("csrf", csrf(cookie)).redirects().follow(false)
                .when().post("/auth/sign-out");
        out.then().statusCode(303).header("Location", equalTo(location("/auth/signed-out")));
        assertTrue(out.header("Set-Cookie").contains("Max-Age=0"), out.header("Set-Cookie"));
        given().accept("text/html").header("Accept-Language", "ja").when().get("/auth/signed-out")
                .then().statusCode(200).body(containsString("サインアウトしました"));
    }

    static Response signIn(String role, String back) {
        return given().formParam("role", role).formParam("return", back).redirects().follow(false).when().post("/auth/local");
    }

    static String csrf(String cookie) {
        return given().cookie("madoguchi_session", cookie).when().get("/auth/session").then().statusCode(200)
                .extract().path("csrfToken");
    }

    private static String location(String path) {
        return "http://localhost:" + io.restassured.RestAssured.port + path;
    }
}
