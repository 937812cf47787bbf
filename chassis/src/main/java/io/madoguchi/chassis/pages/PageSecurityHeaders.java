package io.madoguchi.chassis.pages;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The browser security headers of every HTML page a service serves: a Content-Security-Policy that allows scripts,
 * styles and requests from the page's own origin only (no inline script or style) and no framing but by the allowed
 * ancestors, {@code X-Content-Type-Options}, {@code Referrer-Policy} and {@code Permissions-Policy}. Each is configured
 * by environment ({@code MADOGUCHI_PAGES_*}); {@link PageSecurityHeadersFilter} adds them to responses.
 */
@Startup // a setting that is refused stops the service at startup, not at its first page
@ApplicationScoped
public class PageSecurityHeaders {

    public static final String CONTENT_SECURITY_POLICY = "Content-Security-Policy";
    public static final String CONTENT_TYPE_OPTIONS = "X-Content-Type-Options";
    public static final String REFERRER_POLICY = "Referrer-Policy";
    public static final String PERMISSIONS_POLICY = "Permissions-Policy";

    /** A CSP host source as an allow-list entry may name it: scheme://host[:port], a leading *. and a port * allowed. */
    private static final Pattern SOURCE = Pattern.compile("https?://(\\*\\.)?[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)*(:(\\d{1,5}|\\*))?");

    private final String policyWithoutFrameAncestors;
    private final String contentSecurityPolicy;
    private final String referrerPolicy;
    private final String permissionsPolicy;

    public PageSecurityHeaders(
            @ConfigProperty(name = "madoguchi.pages.content-security-policy", defaultValue = "default-src 'none'; script-src 'self';"
                    + " style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'")
            String policy,
            @ConfigProperty(name = "madoguchi.pages.frame-ancestors", defaultValue = "'none'") String frameAncestors,
            @ConfigProperty(name = "madoguchi.pages.referrer-policy", defaultValue = "no-referrer") String referrerPolicy,
            @ConfigProperty(name = "madoguchi.pages.permissions-policy",
                    defaultValue = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), display-capture=()")
            String permissionsPolicy) {
        if (policy.contains("frame-ancestors")) {
            throw new IllegalArgumentException("madoguchi.pages.content-security-policy: set frame-ancestors through madoguchi.pages.frame-ancestors");
        }
        this.policyWithoutFrameAncestors = singleLine("madoguchi.pages.content-security-policy", policy).replaceAll(";\\s*$", "");
        this.contentSecurityPolicy = contentSecurityPolicy(frameAncestors(frameAncestors));
        this.referrerPolicy = singleLine("madoguchi.pages.referrer-policy", referrerPolicy);
        this.permissionsPolicy = singleLine("madoguchi.pages.permissions-policy", permissionsPolicy);
    }

    /** The service's policy for its pages. */
    public String contentSecurityPolicy() {
        return contentSecurityPolicy;
    }

    /** The same policy, with other frame ancestors: a page meant to be embedded ({@link #frameAncestors(String)}). */
    public String contentSecurityPolicy(List<String> frameAncestors) {
        return policyWithoutFrameAncestors + "; frame-ancestors " + String.join(" ", frameAncestors);
    }

    public String referrerPolicy() {
        return referrerPolicy;
    }

    public String permissionsPolicy() {
        return permissionsPolicy;
    }

    /**
     * The CSP sources of a configured list of sites that may frame a page, comma or space separated: origins such as
     * {@code https://www.example.jp} (a port, {@code :*} for any, and a leading {@code *.} for any subdomain allowed),
     * {@code 'self'}, or {@code 'none'} alone. Anything else is refused, so that no value can smuggle in a directive.
     */
    public static List<String> frameAncestors(String configured) {
        List<String> sources = new ArrayList<>();
        for (String entry : configured.trim().split("[,\\s]+")) {
            if (entry.isEmpty()) {
                continue;
            }
            String source = entry.replaceAll("/$", "");
            if (!source.equals("'self'") && !source.equals("'none'") && !SOURCE.matcher(source).matches()) {
                throw new IllegalArgumentException("frame ancestors: '" + entry + "' is not an origin such as https://www.example.jp, nor 'self' or 'none'");
            }
            sources.add(source);
        }
        if (sources.isEmpty() || sources.contains("'none'") && sources.size() > 1) {
            throw new IllegalArgumentException("frame ancestors: name origins, or 'none' alone (was '" + configured + "')");
        }
        return List.copyOf(sources);
    }

    private static String singleLine(String name, String value) {
        if (value.chars().anyMatch(c -> c < 0x20 || c == 0x7F)) {
            throw new IllegalArgumentException(name + ": a header value has no control characters");
        }
        return value.trim();
    }
}
