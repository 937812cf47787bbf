package io.madoguchi.chassis.pages;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.MultiMap;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Adds {@link PageSecurityHeaders} to every {@code text/html} response, static files and JAX-RS pages alike, and
 * {@code X-Content-Type-Options: nosniff} to every response. A header the page set itself is kept: a page that
 * needs a stricter policy (the survey page) or other frame ancestors (the embeddable contact form) sets its own.
 */
@ApplicationScoped
public class PageSecurityHeadersFilter {

    private final PageSecurityHeaders headers;

    public PageSecurityHeadersFilter(PageSecurityHeaders headers) {
        this.headers = headers;
    }

    void register(@Observes Filters filters) {
        // a high priority runs early: the headers are added whoever ends the response
        filters.register(context -> {
            HttpServerResponse response = context.response();
            context.addHeadersEndHandler(ignored -> apply(response.headers()));
            context.next();
        }, 1_000);
    }

    void apply(MultiMap responseHeaders) {
        setIfAbsent(responseHeaders, PageSecurityHeaders.CONTENT_TYPE_OPTIONS, "nosniff");
        String type = responseHeaders.get(HttpHeaders.CONTENT_TYPE);
        if (type == null || !type.regionMatches(true, 0, "text/html", 0, 9)) {
            return;
        }
        setIfAbsent(responseHeaders, PageSecurityHeaders.CONTENT_SECURITY_POLICY, headers.contentSecurityPolicy());
        setIfAbsent(responseHeaders, PageSecurityHeaders.REFERRER_POLICY, headers.referrerPolicy());
        setIfAbsent(responseHeaders, PageSecurityHeaders.PERMISSIONS_POLICY, headers.permissionsPolicy());
    }

    private static void setIfAbsent(MultiMap responseHeaders, String name, String value) {
        if (!responseHeaders.contains(name)) {
            responseHeaders.set(name, value);
        }
    }
}
