package io.madoguchi.chassis.signin;

import java.net.URI;

import io.madoguchi.chassis.rest.ProblemException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/**
 * Refuses a state change that a browser sent from another site: its {@code Origin} names another host than the one
 * asked, or, where the browser withholds the origin ({@code Origin: null}, as a form post under
 * {@code Referrer-Policy: no-referrer} has it) or sends none, {@code Sec-Fetch-Site} says it is not this origin. A second
 * line behind the CSRF token.
 */
final class SameOrigin {

    private SameOrigin() {
    }

    static void require(RoutingContext context) {
        String origin = context.request().getHeader(HttpHeaders.ORIGIN);
        String host = context.request().getHeader(HttpHeaders.HOST);
        String site = context.request().getHeader("Sec-Fetch-Site");
        if (origin != null && !origin.equals("null")) {
            if (host == null || !host.equalsIgnoreCase(hostOf(origin))) {
                throw new ProblemException(403, "Forbidden", "A change from another site (Origin " + origin + ") is refused");
            }
        } else if (site != null ? !site.equals("same-origin") && !site.equals("none") : origin != null) {
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
