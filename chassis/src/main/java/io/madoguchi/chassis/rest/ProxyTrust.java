package io.madoguchi.chassis.rest;

import java.util.List;
import java.util.Optional;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Refuses to start a service told it sits behind a proxy without being told which proxies to believe: Quarkus would
 * then take X-Forwarded-For from anyone, and a client could pick the address its rate limit counts by.
 */
@Startup
@ApplicationScoped
public class ProxyTrust {

    public ProxyTrust(@ConfigProperty(name = "madoguchi.http.behind-proxy", defaultValue = "false") boolean behindProxy,
            @ConfigProperty(name = "madoguchi.http.trusted-proxies") Optional<List<String>> trusted) {
        if (behindProxy && trusted.map(List::isEmpty).orElse(true)) {
            throw new IllegalStateException("MADOGUCHI_HTTP_BEHIND_PROXY=true needs MADOGUCHI_HTTP_TRUSTED_PROXIES: the addresses or CIDRs "
                    + "of the proxies whose X-Forwarded-For header names the client");
        }
    }
}
