package io.madoguchi.ingest.service.form;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.madoguchi.chassis.pages.PageSecurityHeaders;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The contact form's Content-Security-Policy: the service's, but with the sites of {@code madoguchi.form.frame-ancestors}
 * allowed to frame it. Read at startup, so that a list that is no list of origins stops the service there.
 */
@Startup
@ApplicationScoped
public class FormFraming {

    private final String contentSecurityPolicy;

    public FormFraming(PageSecurityHeaders pageHeaders,
            @ConfigProperty(name = "madoguchi.form.frame-ancestors", defaultValue = "'none'") String frameAncestors) {
        this.contentSecurityPolicy = pageHeaders.contentSecurityPolicy(PageSecurityHeaders.frameAncestors(frameAncestors));
    }

    public String contentSecurityPolicy() {
        return contentSecurityPolicy;
    }
}
