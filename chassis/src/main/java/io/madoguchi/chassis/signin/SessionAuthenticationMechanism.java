package io.madoguchi.chassis.signin;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;

import org.eclipse.microprofile.config.ConfigProvider;

import io.quarkus.logging.Log;
import io.quarkus.runtime.Startup;
import io.quarkus.runtime.configuration.ConfigUtils;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.smallrye.jwt.runtime.auth.JWTAuthMechanism;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpCredentialTransport;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Who is calling, for the paths that name the {@value #SCHEME} mechanism ({@code quarkus.http.auth.permission.*.auth-mechanism}):
 * a bearer token (the API's callers, verified as before by SmallRye JWT) or else the session cookie of a person signed
 * in to the service's pages, so that the pages use the same REST API. A session's identity carries
 * {@link #SESSION_ATTRIBUTE}, which {@link SessionCsrfFilter} checks every state change against. Without credentials,
 * a page asked for by a browser is redirected to the sign-in, anything else is answered 401.
 */
@Startup // a missing secret or a local sign-in outside the launcher stops the service at startup
@ApplicationScoped
public class SessionAuthenticationMechanism implements HttpAuthenticationMechanism {

    public static final String SCHEME = "session";
    public static final String COOKIE = "madoguchi_session";
    public static final String SESSION_ATTRIBUTE = "madoguchi.session";

    private final SignInSettings settings;
    private final JWTAuthMechanism bearer;
    private final Optional<SessionCookies> cookies;
    private final Clock clock = Clock.systemUTC();

    public SessionAuthenticationMechanism(SignInSettings settings, JWTAuthMechanism bearer) {
        this.settings = settings;
        this.bearer = bearer;
        if (!settings.enabled()) {
            this.cookies = Optional.empty();
            return;
        }
        String secret = settings.sessionSecret().filter(s -> !s.isBlank()).orElseThrow(() -> new IllegalStateException(
                "Sign-in is on (madoguchi.sign-in.enabled) but MADOGUCHI_SIGN_IN_SESSION_SECRET is not set: give it at least"
                        + " 32 random characters, the same on every replica"));
        this.cookies = Optional.of(new SessionCookies(secret.getBytes(StandardCharsets.UTF_8)));
        if (settings.local()) {
            var profiles = ConfigUtils.getProfiles();
            requireLocalProfile(profiles);
            Log.warnf("The local sign-in is on: anyone who reaches %s/auth/local signs in as an agent or admin (profile %s)",
                    ConfigProvider.getConfig().getOptionalValue("quarkus.http.host", String.class).orElse("this host"), profiles);
        }
    }

    /** The local sign-in signs anyone in without a provider: refused outside {@link SignInSettings#LOCAL_PROFILES}. */
    static void requireLocalProfile(java.util.List<String> profiles) {
        if (profiles.stream().noneMatch(SignInSettings.LOCAL_PROFILES::contains)) {
            throw new IllegalStateException("The local sign-in (madoguchi.sign-in.local) signs anyone in without a provider: it runs"
                    + " only in the launcher's profile 'local' (or dev mode, or tests), not in " + profiles);
        }
    }

    public boolean enabled() {
        return cookies.isPresent();
    }

    SessionCookies cookies() {
        return cookies.orElseThrow(() -> new IllegalStateException("sign-in is off (madoguchi.sign-in.enabled)"));
    }

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        if (context.request().headers().contains(HttpHeaders.AUTHORIZATION)) {
            return bearer.authenticate(context, identityProviderManager);
        }
        if (cookies.isEmpty()) {
            return Uni.createFrom().nullItem();
        }
        Cookie cookie = context.request().getCookie(COOKIE);
        Optional<Session> session = cookie == null ? Optional.empty() : cookies.get().decode(cookie.getValue(), clock.instant());
        return Uni.createFrom().item(session.map(SessionAuthenticationMechanism::identity).orElse(null));
    }

    private static SecurityIdentity identity(Session session) {
        return QuarkusSecurityIdentity.builder().setPrincipal(new QuarkusPrincipal(session.subject()))
                .addRoles(session.roles()).addAttribute(SESSION_ATTRIBUTE, session).build();
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        if (enabled() && wantsPage(context)) {
            // signing in elsewhere (another port in local runs) comes back to this page by its whole URL
            String back = settings.signInUrl().filter(url -> url.startsWith("http")).isPresent() ? context.request().absoluteURI()
                    : context.request().uri();
            String signIn = signInUrl() + "?return=" + java.net.URLEncoder.encode(back, StandardCharsets.UTF_8);
            return Uni.createFrom().item(new ChallengeData(302, HttpHeaders.LOCATION, signIn));
        }
        return bearer.getChallenge(context);
    }

    /** Where people sign in: the configured sign-in, else this service's own (through the provider, or the local one). */
    String signInUrl() {
        return settings.signInUrl().orElse(settings.oidc() ? SignInResource.SIGN_IN : SignInResource.LOCAL);
    }

    /** A browser navigating to a page (not a script's request nor an API client's). */
    private static boolean wantsPage(RoutingContext context) {
        String accept = context.request().getHeader(HttpHeaders.ACCEPT);
        return context.request().method() == HttpMethod.GET && accept != null && accept.contains("text/html");
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return bearer.getCredentialTypes();
    }

    @Override
    public Uni<HttpCredentialTransport> getCredentialTransport(RoutingContext context) {
        return Uni.createFrom().item(new HttpCredentialTransport(HttpCredentialTransport.Type.COOKIE, COOKIE, SCHEME));
    }

    @Override
    public int getPriority() {
        // below the bearer mechanism's: where no path names a mechanism, 401 with WWW-Authenticate: Bearer is the challenge
        return DEFAULT_PRIORITY - 100;
    }

    /** The Set-Cookie of a new session. */
    Cookie cookie(Session session) {
        return Cookie.cookie(COOKIE, cookies().encode(session)).setPath("/").setHttpOnly(true).setSecure(settings.cookieSecure())
                .setSameSite(CookieSameSite.LAX).setMaxAge(settings.sessionLifetime().toSeconds());
    }

    /** The Set-Cookie that ends a session. */
    Cookie expiredCookie() {
        return Cookie.cookie(COOKIE, "").setPath("/").setHttpOnly(true).setSecure(settings.cookieSecure())
                .setSameSite(CookieSameSite.LAX).setMaxAge(0);
    }
}
