package io.madoguchi.chassis.pages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.vertx.core.MultiMap;

class PageSecurityHeadersTest {

    private static final String POLICY = "default-src 'none'; script-src 'self'; style-src 'self'";

    private final PageSecurityHeaders headers = new PageSecurityHeaders(POLICY, "'none'", "no-referrer", "camera=()");

    @Test
    void aPageMayBeFramedByNoOneUnlessAncestorsAreNamed() {
        assertEquals(POLICY + "; frame-ancestors 'none'", headers.contentSecurityPolicy());
        assertEquals(POLICY + "; frame-ancestors https://www.example.jp https://*.example.com:8443",
                headers.contentSecurityPolicy(PageSecurityHeaders.frameAncestors("https://www.example.jp/, https://*.example.com:8443")));
        assertEquals(List.of("'self'", "http://localhost:*"), PageSecurityHeaders.frameAncestors("'self' http://localhost:*"));
    }

    @Test
    void anAncestorThatIsNoOriginIsRefusedSoThatNoDirectiveCanBeSmuggledIn() {
        for (String bad : List.of("https://a.example; script-src *", "*", "https://a.example/path", "javascript:x", "'none' https://a.example", "")) {
            assertThrows(IllegalArgumentException.class, () -> PageSecurityHeaders.frameAncestors(bad), bad);
        }
        assertThrows(IllegalArgumentException.class, () -> new PageSecurityHeaders(POLICY + "; frame-ancestors *", "'none'", "no-referrer", ""));
        assertThrows(IllegalArgumentException.class, () -> new PageSecurityHeaders(POLICY, "'none'", "no-referrer\r\nSet-Cookie: a=b", ""));
    }

    @Test
    void htmlGetsEveryHeaderOtherResponsesOnlyNosniffAndAPagesOwnHeaderIsKept() {
        PageSecurityHeadersFilter filter = new PageSecurityHeadersFilter(headers);
        MultiMap html = MultiMap.caseInsensitiveMultiMap().set("Content-Type", "text/html;charset=UTF-8");
        filter.apply(html);
        assertEquals(POLICY + "; frame-ancestors 'none'", html.get("Content-Security-Policy"));
        assertEquals("nosniff", html.get("X-Content-Type-Options"));
        assertEquals("no-referrer", html.get("Referrer-Policy"));
        assertEquals("camera=()", html.get("Permissions-Policy"));

        MultiMap json = MultiMap.caseInsensitiveMultiMap().set("Content-Type", "application/json");
        filter.apply(json);
        assertEquals("nosniff", json.get("X-Content-Type-Options"));
        assertNull(json.get("Content-Security-Policy"));
        assertFalse(json.contains("Permissions-Policy"));

        MultiMap own = MultiMap.caseInsensitiveMultiMap().set("Content-Type", "TEXT/HTML").set("Content-Security-Policy", "default-src 'none'");
        filter.apply(own);
        assertEquals("default-src 'none'", own.get("Content-Security-Policy"));
        assertEquals("no-referrer", own.get("Referrer-Policy"));
    }
}
