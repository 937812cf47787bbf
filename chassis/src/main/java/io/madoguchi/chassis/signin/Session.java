package io.madoguchi.chassis.signin;

import java.time.Instant;
import java.util.Set;

/**
 * A person signed in to a service's pages: who ({@code subject}, the same name the bearer API knows them by), the name
 * shown, the roles ({@code agent}, {@code admin}), until when, and the token every state-changing request of the
 * session must carry ({@code X-CSRF-Token}).
 */
public record Session(String subject, String name, Set<String> roles, Instant expiresAt, String csrfToken) {

    public Session {
        roles = Set.copyOf(roles);
    }

    public boolean expired(Instant now) {
        return !now.isBefore(expiresAt);
    }
}
