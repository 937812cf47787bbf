package io.madoguchi.chassis.signin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

class SessionCookiesTest {

    private static final Instant NOW = Instant.parse("2026-12-05T10:00:00Z");
    private final SessionCookies cookies = new SessionCookies("a-secret-of-at-least-thirty-two-bytes".getBytes(StandardCharsets.UTF_8));

    @Test
    void aSessionReadsBackUntilItExpires() {
        Session session = cookies.open("aiko", "佐藤 愛子", Set.of("agent", "admin"), Duration.ofHours(8), NOW);
        String value = cookies.encode(session);
        Session read = cookies.decode(value, NOW.plus(Duration.ofHours(7))).orElseThrow();
        assertEquals(session, read);
        assertEquals(Optional.empty(), cookies.decode(value, NOW.plus(Duration.ofHours(8))), "expired");
        assertTrue(value.matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+"), "cookie-safe: " + value);
    }

    @Test
    void aChangedPayloadAnotherSecretOrGarbageIsNoSession() {
        String value = cookies.encode(cookies.open("aiko", "Aiko", Set.of("agent"), Duration.ofHours(1), NOW));
        String payload = new String(Base64.getUrlDecoder().decode(value.substring(0, value.indexOf('.'))), StandardCharsets.UTF_8);
        String forged = Base64.getUrlEncoder().withoutPadding().encodeToString(payload.replace("\"agent\"", "\"admin\"").getBytes(StandardCharsets.UTF_8))
                + value.substring(value.indexOf('.'));
        assertEquals(Optional.empty(), cookies.decode(forged, NOW));
        SessionCookies other = new SessionCookies("another-secret-of-thirty-two-bytes!!".getBytes(StandardCharsets.UTF_8));
        assertEquals(Optional.empty(), other.decode(value, NOW));
        for (String garbage : new String[] { null, "", ".", "abc", "a.b", "%%%.###" }) {
            assertEquals(Optional.empty(), cookies.decode(garbage, NOW), garbage);
        }
    }

    @Test
    void eachSessionHasItsOwnCsrfTokenAndAShortSecretIsRefused() {
        Session a = cookies.open("aiko", "Aiko", Set.of("agent"), Duration.ofHours(1), NOW);
        Session b = cookies.open("aiko", "Aiko", Set.of("agent"), Duration.ofHours(1), NOW);
        assertTrue(!a.csrfToken().equals(b.csrfToken()) && a.csrfToken().length() >= 32);
        assertThrows(IllegalArgumentException.class, () -> new SessionCookies("short".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void theLocalSignInIsRefusedOutsideTheLaunchersProfile() {
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> SessionAuthenticationMechanism.requireLocalProfile(List.of("prod")));
        assertTrue(refused.getMessage().contains("'local'"), refused.getMessage());
        SessionAuthenticationMechanism.requireLocalProfile(List.of("prod", "local"));
        SessionAuthenticationMechanism.requireLocalProfile(List.of("test"));
    }
}
