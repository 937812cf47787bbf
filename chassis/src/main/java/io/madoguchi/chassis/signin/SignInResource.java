package io.madoguchi.chassis.signin;

import java.net.URI;
import java.security.Principal;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestQuery;

import io.madoguchi.chassis.rest.ProblemException;
import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.core.http.Cookie;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;

/**
 * Signing in to a service's pages and out again. Through the OpenID Connect provider: {@value #SIGN_IN} is behind the
 * authorization code flow ({@code quarkus.oidc}, PKCE), and turns the provider's identity into a session. Through the
 * launcher's local sign-in ({@value #LOCAL}), without a provider, in the launcher's profile only. Either way the session
 * is the signed cookie of {@link SessionAuthenticationMechanism}.
 */
@Path("/auth")
public class SignInResource {

    public static final String SIGN_IN = "/auth/sign-in";
    public static final String LOCAL = "/auth/local";
    static final String OIDC_SIGN_OUT = "/auth/oidc-sign-out";
    static final String SIGNED_OUT = "/auth/signed-out";

    private final SignInSettings settings;
    private final SessionAuthenticationMechanism sessions;
    private final SignInPages pages;
    private final SecurityIdentity identity;
    private final Clock clock = Clock.systemUTC();

    public SignInResource(SignInSettings settings, SessionAuthenticationMechanism sessions, SignInPages pages, SecurityIdentity identity) {
        this.settings = settings;
        this.identity = identity;
        this.sessions = sessions;
        this.pages = pages;
    }

    @GET
    @Path("/sign-in")
    @Operation(hidden = true)
    public Response signIn(@RestQuery("return") String back) {
        if (!sessions.enabled() || !settings.oidc()) {
            throw new ProblemException(404, "Not Found", "Sign-in through an OpenID Connect provider is not configured");
        }
        Set<String> roles = new HashSet<>();
        if (identity.getRoles().stream().anyMatch(settings.agentGroups()::contains)) {
            roles.add("agent");
        }
        if (identity.getRoles().stream().anyMatch(settings.adminGroups()::contains)) {
            roles.add("admin");
        }
        if (roles.isEmpty()) {
            return Response.status(403).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                    .entity(pages.notAllowed(identity.getPrincipal().getName())).build();
        }
        return start(identity.getPrincipal().getName(), displayName(identity.getPrincipal()), roles, back);
    }

    @GET
    @Path("/local")
    @Produces(MediaType.TEXT_HTML + ";charset=UTF-8")
    @Operation(hidden = true)
    public String localPage(@RestQuery("return") String back, @RestHeader("Accept-Language") String language) {
        requireLocal();
        return pages.localSignIn(safeReturn(back), japanese(language));
    }

    @POST
    @Path("/local")
    @Operation(hidden = true)
    public Response local(@RestForm String role, @RestForm("return") String back, RoutingContext context) {
        requireLocal();
        SameOrigin.require(context);
        return switch (role == null ? "" : role) {
            case "agent" -> start("local-agent", "Local agent", Set.of("agent"), back);
            case "admin" -> start("local-admin", "Local admin", Set.of("agent", "admin"), back);
            default -> throw new ProblemException(400, "Invalid sign-in", "'role' is agent or admin");
        };
    }

    /** Who is signed in, and the token their page sends with every change ({@code X-CSRF-Token}). */
    @GET
    @Path("/session")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(hidden = true) // the pages' own plumbing, 401 without a page session whatever the bearer token says
    public SessionView session() {
        Session session = identity.getAttribute(SessionAuthenticationMechanism.SESSION_ATTRIBUTE);
        if (session == null) {
            throw new ProblemException(401, "Not signed in", "No page session: sign in at " + sessions.signInUrl());
        }
        return new SessionView(session.subject(), session.name(), session.roles(), session.expiresAt().toString(), session.csrfToken(),
                settings.oidc() ? "oidc" : "local");
    }

    public record SessionView(String subject, String name, Set<String> roles, String expiresAt, String csrfToken, String signedInWith) {
    }

    /**
     * Ends the session: a form post carrying the session's CSRF token as the field {@code csrf} (answered 303), or a
     * script's post with it in {@code X-CSRF-Token} asking for JSON (answered with where to go next, which the page
     * navigates to: a form's redirect to the provider would be refused by the page's CSP form-action).
     */
    @POST
    @Path("/sign-out")
    @Operation(hidden = true)
    public Response signOut(@RestForm String csrf, @RestHeader("X-CSRF-Token") String csrfHeader, @RestHeader("Accept") String accept,
            RoutingContext context) {
        SameOrigin.require(context);
        Session session = identity.getAttribute(SessionAuthenticationMechanism.SESSION_ATTRIBUTE);
        String sent = csrfHeader != null ? csrfHeader : csrf;
        if (session != null && !session.csrfToken().equals(sent)) {
            throw new ProblemException(403, "Forbidden", "The sign-out did not carry this session's CSRF token");
        }
        NewCookie ended = newCookie(sessions.expiredCookie());
        // the provider's session ends too (RP-initiated logout through quarkus-oidc), then the person lands on signed-out
        String next = settings.oidc() ? OIDC_SIGN_OUT : SIGNED_OUT;
        if (accept != null && accept.contains(MediaType.APPLICATION_JSON)) {
            return Response.ok(java.util.Map.of("next", next), MediaType.APPLICATION_JSON_TYPE).cookie(ended).build();
        }
        return Response.seeOther(URI.create(next)).cookie(ended).build();
    }

    @GET
    @Path("/signed-out")
    @Produces(MediaType.TEXT_HTML + ";charset=UTF-8")
    @Operation(hidden = true)
    public String signedOut(@RestHeader("Accept-Language") String language) {
        if (!sessions.enabled()) {
            throw new ProblemException(404, "Not Found", "Sign-in is off");
        }
        return pages.signedOut(sessions.signInUrl(), japanese(language));
    }

    private Response start(String subject, String name, Set<String> roles, String back) {
        Session session = sessions.cookies().open(subject, name, roles, settings.sessionLifetime(), clock.instant());
        return Response.seeOther(URI.create(safeReturn(back))).cookie(newCookie(sessions.cookie(session))).build();
    }

    private void requireLocal() {
        if (!sessions.enabled() || !settings.local()) {
            throw new ProblemException(404, "Not Found", "The local sign-in is only for the launcher's local runs");
        }
    }

    /**
     * A path on this service, or a page of one of the configured return origins: never another site (an open
     * redirect), never a scheme-relative //host.
     */
    String safeReturn(String back) {
        if (back != null && settings.returnOrigins().orElse(List.of()).stream()
                .anyMatch(origin -> back.startsWith(origin.replaceAll("/$", "") + "/"))) {
            return back;
        }
        if (back == null || !back.startsWith("/") || back.startsWith("//") || back.contains("\\") || back.startsWith("/auth/")
                || back.chars().anyMatch(c -> c < 0x21)) {
            return settings.home();
        }
        return back;
    }

    private static String displayName(Principal principal) {
        Object name = principal instanceof JsonWebToken token ? token.getClaim("name") : null;
        // a JSON string claim's toString() keeps its quotes
        String shown = name == null ? "" : name.toString().replaceAll("^\"|\"$", "");
        return shown.isBlank() ? principal.getName() : shown;
    }

    private static boolean japanese(String acceptLanguage) {
        return acceptLanguage != null && acceptLanguage.toLowerCase(Locale.ROOT).startsWith("ja");
    }

    private static NewCookie newCookie(Cookie cookie) {
        return new NewCookie.Builder(cookie.getName()).value(cookie.getValue()).path(cookie.getPath()).httpOnly(true)
                .secure(cookie.isSecure()).sameSite(NewCookie.SameSite.LAX).maxAge((int) cookie.getMaxAge()).build();
    }
}
