package io.madoguchi.ingest.service.delivery;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** IP literals and localhost only: nothing here asks a DNS server. */
class OutboundTargetsTest {

    private static final OutboundTargets NONE_ALLOWED = new OutboundTargets(Optional.empty());

    @Test
    void privateLoopbackLinkLocalUniqueLocalAndWildcardAddressesAreRefusedForGood() {
        Map<String, String> refused = Map.ofEntries(
                Map.entry("https://10.1.2.3/replies", "a private (site-local) address"),
                Map.entry("https://172.16.0.1/replies", "a private (site-local) address"),
                Map.entry("https://192.168.1.20/replies", "a private (site-local) address"),
                Map.entry("https://127.0.0.1:8443/replies", "a loopback address"),
                Map.entry("https://localhost/replies", "a loopback address"),
                Map.entry("https://[::1]/replies", "a loopback address"),
                Map.entry("https://169.254.169.254/latest/meta-data", "a link-local address"),
                Map.entry("https://[fe80::1]/replies", "a link-local address"),
                Map.entry("https://[fd12:3456:789a::1]/replies", "a unique-local address"),
                Map.entry("https://0.0.0.0/replies", "a wildcard address"),
                Map.entry("https://0.1.2.3/replies", "a wildcard address"),
                Map.entry("https://100.64.0.1/replies", "a shared (carrier-grade NAT) address"));
        refused.forEach((url, kind) -> {
            SendOutcome.ChannelRefusal refusal = assertThrows(SendOutcome.ChannelRefusal.class, () -> NONE_ALLOWED.check(URI.create(url)), url);
            assertTrue(refusal.outcome().permanent(), url);
            assertTrue(refusal.getMessage().contains(kind), url + ": " + refusal.getMessage());
            assertTrue(refusal.getMessage().contains("MADOGUCHI_DELIVERY_ALLOWED_PRIVATE_HOSTS"), refusal.getMessage());
        });
    }

    @Test
    void aPublicHttpsUrlPassesAndPlainHttpOnlyForAnAllowListedHost() {
        assertDoesNotThrow(() -> NONE_ALLOWED.check(URI.create("https://93.184.215.14/madoguchi/replies")));
        SendOutcome.ChannelRefusal http = assertThrows(SendOutcome.ChannelRefusal.class,
                () -> NONE_ALLOWED.check(URI.create("http://93.184.215.14/madoguchi/replies")));
        assertTrue(http.outcome().permanent());
        assertTrue(http.getMessage().contains("plain http is refused"), http.getMessage());

        OutboundTargets allowed = new OutboundTargets(Optional.of(List.of("127.0.0.1", " Chat.Internal ", "[fd00::5]")));
        assertDoesNotThrow(() -> allowed.check(URI.create("http://127.0.0.1:8080/replies")));
        assertDoesNotThrow(() -> allowed.check(URI.create("http://[fd00::5]:8080/replies")));
        // allow-listed by name, so not resolved (chat.internal exists only inside the cluster)
        assertDoesNotThrow(() -> allowed.check(URI.create("https://chat.internal/replies")));
        assertThrows(SendOutcome.ChannelRefusal.class, () -> allowed.check(URI.create("http://127.0.0.2/replies")));
    }

    @Test
    void aRefusalNamesOnlyTheOriginNeverCredentialsPathOrQuery() {
        SendOutcome.ChannelRefusal withCredentials = assertThrows(SendOutcome.ChannelRefusal.class,
                () -> NONE_ALLOWED.check(URI.create("https://bot:s3cret@93.184.215.14/hook?token=abc123")));
        assertEquals("https://93.184.215.14: a URL carrying credentials is refused (the request is signed instead)", withCredentials.getMessage());
        SendOutcome.ChannelRefusal privateOne = assertThrows(SendOutcome.ChannelRefusal.class,
                () -> NONE_ALLOWED.check(URI.create("https://10.0.0.8:8443/hook?token=abc123")));
        assertFalse(privateOne.getMessage().contains("abc123") || privateOne.getMessage().contains("/hook"), privateOne.getMessage());
        assertThrows(SendOutcome.ChannelRefusal.class, () -> NONE_ALLOWED.check(URI.create("ftp://93.184.215.14/file")));
        assertThrows(SendOutcome.ChannelRefusal.class, () -> NONE_ALLOWED.check(URI.create("/relative/replies")));
    }
}
