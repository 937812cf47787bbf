package io.madoguchi.ingest.service.delivery;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Where outbound deliveries may connect. Every URL comes from configuration, never from a payload; still, a URL
 * whose host resolves to a private, loopback, link-local, site-local, unique-local or wildcard address (any of its
 * addresses), or that is not https, is refused unless its host is allow-listed in
 * {@code madoguchi.delivery.allowed-private-hosts}: a mistyped or planted setting must not make ingest call into
 * the internal network (a cloud metadata endpoint, an admin port).
 */
@ApplicationScoped
public class OutboundTargets {

    private static final Logger LOG = Logger.getLogger(OutboundTargets.class);
    static final String SETTING = "madoguchi.delivery.allowed-private-hosts (MADOGUCHI_DELIVERY_ALLOWED_PRIVATE_HOSTS)";

    private final Set<String> allowed;

    public OutboundTargets(@ConfigProperty(name = "madoguchi.delivery.allowed-private-hosts") Optional<List<String>> allowed) {
        this.allowed = allowed.orElse(List.of()).stream().map(OutboundTargets::normalized).filter(host -> !host.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }

    /**
     * Checks a URL before a request goes to it. Blocking: it resolves the host.
     *
     * @throws SendOutcome.ChannelRefusal permanent when the URL breaks the rule, transient when its host does not resolve now
     */
    public void check(URI url) {
        String rule = rule(url);
        if (rule != null) {
            throw new SendOutcome.ChannelRefusal(SendOutcome.permanent(rule));
        }
        if (allowed.contains(normalized(url.getHost()))) {
            return;
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(url.getHost());
        } catch (UnknownHostException e) {
            throw new SendOutcome.ChannelRefusal(SendOutcome.transientFailure(origin(url) + ": the host does not resolve now", null));
        }
        for (InetAddress address : addresses) {
            String kind = forbidden(address);
            if (kind != null) {
                throw new SendOutcome.ChannelRefusal(SendOutcome.permanent(origin(url) + " resolves to " + address.getHostAddress() + ", "
                        + kind + ": refused unless the host is listed in " + SETTING));
            }
        }
    }

    /** Logs a warning for a configured URL that {@link #check} would refuse, so the operator learns it at startup. */
    public void warnIfRefused(String setting, String url) {
        try {
            check(new URI(url));
        } catch (URISyntaxException e) {
            LOG.warnf("%s: not a URL; deliveries to it will fail", setting);
        } catch (SendOutcome.ChannelRefusal refusal) {
            LOG.warnf("%s: %s%s", setting, refusal.getMessage(), refusal.outcome().permanent() ? "; deliveries to it will fail" : "");
        }
    }

    /** @return why the URL is refused whatever its host resolves to, or null */
    String rule(URI url) {
        if (url == null || !url.isAbsolute() || url.getHost() == null) {
            return "not an absolute http(s) URL with a host";
        }
        String scheme = url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            return origin(url) + ": only https is allowed";
        }
        if (url.getRawUserInfo() != null) {
            return origin(url) + ": a URL carrying credentials is refused (the request is signed instead)";
        }
        if (!scheme.equals("https") && !allowed.contains(normalized(url.getHost()))) {
            return origin(url) + ": plain http is refused; use https, or list the host in " + SETTING;
        }
        return null;
    }

    /** @return what kind of address a delivery must not connect to, or null for a public one */
    static String forbidden(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (address.isAnyLocalAddress() || (address instanceof Inet4Address && bytes[0] == 0)) {
            return "a wildcard address";
        }
        if (address.isLoopbackAddress()) {
            return "a loopback address";
        }
        if (address.isLinkLocalAddress()) {
            return "a link-local address";
        }
        if (address.isSiteLocalAddress()) {
            return "a private (site-local) address";
        }
        if (address instanceof Inet6Address && (bytes[0] & 0xfe) == 0xfc) {
            return "a unique-local address";
        }
        if (address instanceof Inet4Address && (bytes[0] & 0xff) == 100 && (bytes[1] & 0xc0) == 64) {
            return "a shared (carrier-grade NAT) address";
        }
        if (address.isMulticastAddress()) {
            return "a multicast address";
        }
        return null;
    }

    /** The URL as far as it may be shown: scheme, host and port; never its path, query or credentials. */
    public static String origin(URI url) {
        if (url == null || url.getHost() == null) {
            return "(no host)";
        }
        return url.getScheme() + "://" + url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort());
    }

    private static String normalized(String host) {
        String trimmed = host == null ? "" : host.trim().toLowerCase(Locale.ROOT);
        return trimmed.startsWith("[") && trimmed.endsWith("]") ? trimmed.substring(1, trimmed.length() - 1) : trimmed;
    }
}
