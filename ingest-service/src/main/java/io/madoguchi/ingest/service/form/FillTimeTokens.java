package io.madoguchi.ingest.service.form;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.madoguchi.ingest.service.verify.Hmac;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The contact form's time-to-fill check: the page carries when it was served, signed ({@code <epoch ms>.<HMAC>}), and a
 * submission is refused when it comes sooner than a person can fill in the form, or so late that the page is stale. A
 * bot that posts straight away, or replays one page's token for days, is refused; a person who is quick is told to
 * send again.
 */
@Startup
@ApplicationScoped
public class FillTimeTokens {

    private static final Logger LOG = Logger.getLogger(FillTimeTokens.class);

    public enum Verdict { IN_TIME, TOO_FAST, STALE, INVALID }

    private final byte[] secret;
    private final Duration minimum;
    private final Duration maximum;

    public FillTimeTokens(@ConfigProperty(name = "madoguchi.form.secret") Optional<String> secret,
            @ConfigProperty(name = "madoguchi.form.min-fill-time", defaultValue = "3s") Duration minimum,
            @ConfigProperty(name = "madoguchi.form.max-fill-time", defaultValue = "PT2H") Duration maximum) {
        if (secret.isPresent() && !secret.get().isBlank()) {
            this.secret = secret.get().getBytes(StandardCharsets.UTF_8);
        } else {
            // fine for one replica; behind a load balancer every replica must check the others' tokens
            this.secret = new byte[32];
            new SecureRandom().nextBytes(this.secret);
            LOG.info("MADOGUCHI_FORM_SECRET is not set: the contact form's time-to-fill tokens are signed with a key of this"
                    + " instance only (set it when several replicas serve the form)");
        }
        this.minimum = minimum;
        this.maximum = maximum;
    }

    public String issue(Instant now) {
        String millis = Long.toString(now.toEpochMilli());
        return millis + "." + sign(millis);
    }

    public Verdict check(String token, Instant now) {
        int dot = token == null ? -1 : token.indexOf('.');
        if (dot < 1 || dot > 20 || !Hmac.same(sign(token.substring(0, dot)).getBytes(StandardCharsets.US_ASCII),
                token.substring(dot + 1).getBytes(StandardCharsets.US_ASCII))) {
            return Verdict.INVALID;
        }
        Instant issued;
        try {
            issued = Instant.ofEpochMilli(Long.parseLong(token.substring(0, dot)));
        } catch (NumberFormatException e) {
            return Verdict.INVALID;
        }
        Duration taken = Duration.between(issued, now);
        return taken.compareTo(minimum) < 0 ? Verdict.TOO_FAST : taken.compareTo(maximum) > 0 ? Verdict.STALE : Verdict.IN_TIME;
    }

    public Duration minimum() {
        return minimum;
    }

    private String sign(String millis) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Hmac.sha256(secret, ("contact-form:" + millis).getBytes(StandardCharsets.UTF_8)));
    }
}
