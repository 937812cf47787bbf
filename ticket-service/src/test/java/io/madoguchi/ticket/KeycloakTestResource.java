package io.madoguchi.ticket;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;

import io.madoguchi.infra.KeycloakServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A real OpenID Connect provider for the workspace's sign-in: Keycloak (the distribution the build unpacks into
 * target/keycloak) with the realm of src/test/resources/keycloak, and ticket-service configured against it as in
 * production (QUARKUS_OIDC_*), the local sign-in off.
 */
public class KeycloakTestResource implements QuarkusTestResourceLifecycleManager {

    static final String CLIENT_SECRET = "workspace-client-secret";

    private KeycloakServer keycloak;

    @Override
    public Map<String, String> start() {
        keycloak = new KeycloakServer(distribution(), KeycloakServer.freePort(), Path.of("target/keycloak.log"))
                .start(Path.of("src/test/resources/keycloak/madoguchi-realm.json"), "madoguchi", Duration.ofMinutes(3));
        return Map.of("quarkus.oidc.tenant-enabled", "true",
                "quarkus.oidc.auth-server-url", keycloak.issuer("madoguchi"),
                "quarkus.oidc.client-id", "madoguchi-workspace",
                "quarkus.oidc.credentials.secret", CLIENT_SECRET,
                "madoguchi.sign-in.local", "false");
    }

    private static Path distribution() {
        try (Stream<Path> unpacked = Files.list(Path.of("target/keycloak"))) {
            return unpacked.filter(p -> p.getFileName().toString().startsWith("keycloak-")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("No Keycloak in target/keycloak: the build unpacks it (process-test-resources)"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
        if (keycloak != null) {
            keycloak.close();
        }
    }
}
