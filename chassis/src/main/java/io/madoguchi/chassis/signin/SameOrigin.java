package io.madoguchi.chassis.signin;

import java.net.URI;

import io.madoguchi.chassis.rest.ProblemException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/**
 * Refuses a state change that a browser sent from another site: its {@code Origin} names another host than the one
 * asked, or, without an Origin, {@code Sec-Fetch-Site} says cross-site. A second line behind the CSRF token.
 */
final class SameOrigin {

    private SameOrigin() {
    }

    static void require(RoutingContext context) {
        String origin = context.request().getHeader(HttpHeaders.ORIGIN);
        String host = context.request().getHeader(HttpHeaders.HOST);
        if (origin != null) {
            if (host == null || !host.equalsIgnoreCase(hostOf(origin))) {
                throw new ProblemException(403, "Forbidden", "A change from another site (Origin " + origin + ") is refused");
            }
        } else if ("cross-site".equals(context.request().getHeader("Sec-Fetch-Site"))) {
            throw new ProblemException(403, "Forbidden", "A change from another site is refused");
        }
    }

    /** host[:port] of an origin as the Host header would name it (no port when it is the scheme's own). */
    private static String hostOf(String origin) {
        try {
            URI uri = URI.create(origin);
            boolean defaultPort = uri.getPort() == -1 || "https".equals(uri.getScheme()) && uri.getPort() == 443
                    || "http".equals(uri.getScheme()) && uri.getPort() == 80;
            return defaultPort ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
        } catch (IllegalArgumentException e) {
            return "";
        }
    }
}
