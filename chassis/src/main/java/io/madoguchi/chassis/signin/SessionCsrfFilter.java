package io.madoguchi.chassis.signin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.madoguchi.chassis.rest.Problem;
import io.madoguchi.chassis.rest.ProblemException;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.core.Response;

/**
 * CSRF protection of the page sessions: a request that changes state and is authenticated by the session cookie must
 * carry the session's token in {@code X-CSRF-Token} (the pages read it from {@code /auth/session}; another site
 * cannot) and come from the same site. Bearer-token callers are not affected: a browser never adds their header by
 * itself. {@code /auth/*} checks its own forms.
 */
public class SessionCsrfFilter {

    public static final String HEADER = "X-CSRF-Token";

    @ServerRequestFilter
    public Uni<Response> requireToken(RoutingContext context) {
        HttpMethod method = context.request().method();
        if (method == HttpMethod.GET || method == HttpMethod.HEAD || method == HttpMethod.OPTIONS
                || context.normalizedPath().startsWith("/auth/")) {
            return Uni.createFrom().nullItem();
        }
        return QuarkusHttpUser.getSecurityIdentity(context, null).map(identity -> {
            Session session = identity == null ? null : identity.getAttribute(SessionAuthenticationMechanism.SESSION_ATTRIBUTE);
            if (session == null) {
                return null;
            }
            String sent = context.request().getHeader(HEADER);
            if (sent == null || !MessageDigest.isEqual(sent.getBytes(StandardCharsets.UTF_8), session.csrfToken().getBytes(StandardCharsets.UTF_8))) {
                return refused("A change from a page needs this session's " + HEADER + " header");
            }
            try {
                SameOrigin.require(context);
            } catch (ProblemException e) {
                return refused(e.getMessage());
            }
            return null;
        });
    }

    private static Response refused(String detail) {
        return Problem.response(403, "Forbidden", detail);
    }
}
