package io.madoguchi.chassis.signin;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * How people sign in to a service's pages ({@code MADOGUCHI_SIGN_IN_*}). Off unless the service has pages for signed-in
 * people (the agent workspace, the dashboard).
 */
@ConfigMapping(prefix = "madoguchi.sign-in")
public interface SignInSettings {

    /** The profiles in which the provider-less local sign-in may be switched on: the launcher's, dev mode's, tests'. */
    List<String> LOCAL_PROFILES = List.of("local", "dev", "test");

    @WithDefault("false")
    boolean enabled();

    /** Signs the session cookies: at least 32 characters, the same on every replica (a Kubernetes Secret). */
    Optional<String> sessionSecret();

    /** How long a session lasts before the person signs in again. */
    @WithDefault("8h")
    Duration sessionLifetime();

    /** The session cookie's {@code Secure} attribute: only plain-HTTP local runs on a host other than localhost turn it off. */
    @WithDefault("true")
    boolean cookieSecure();

    /** Where a person lands after signing in, when the page they asked for is not known. */
    @WithDefault("/")
    String home();

    /**
     * Where a person without a session is sent to sign in, when another service of the same host signs people in (the
     * dashboard's sessions come from the agent workspace's sign-in: the session cookie is the host's, and both
     * services share the session secret). Unset: this service's own sign-in.
     */
    Optional<String> signInUrl();

    /**
     * Other origins a sign-in may return to (the launcher's dashboard, on another port of localhost); a return is
     * otherwise a path of this service.
     */
    Optional<List<String>> returnOrigins();

    /** Sign-in through the OpenID Connect provider ({@code quarkus.oidc.*}, authorization code flow with PKCE). */
    @WithDefault("false")
    boolean oidc();

    /** The launcher's sign-in without any provider, as a local agent or admin; refused outside {@link #LOCAL_PROFILES}. */
    @WithDefault("false")
    boolean local();

    /** The provider's groups (the token's groups claim) that make a person an agent, and an admin. */
    @WithDefault("agent")
    List<String> agentGroups();

    @WithDefault("admin")
    List<String> adminGroups();
}
