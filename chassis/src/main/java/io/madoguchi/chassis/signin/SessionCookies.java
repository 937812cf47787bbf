package io.madoguchi.chassis.signin;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The session cookie's value: the session as JSON, base64url, a dot and an HMAC-SHA256 of it under the service's
 * session secret. Nothing in it is secret (the name and roles); the signature is what makes it trustworthy, so the
 * service keeps no session store and every replica, and a restarted one, knows the session.
 */
public final class SessionCookies {

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SecretKeySpec key;

    public SessionCookies(byte[] secret) {
        if (secret.length < 32) {
            throw new IllegalArgumentException("the session secret needs at least 32 bytes");
        }
        this.key = new SecretKeySpec(secret, "HmacSHA256");
    }

    public Session open(String subject, String name, Set<String> roles, Duration lifetime, Instant now) {
        byte[] token = new byte[24];
        RANDOM.nextBytes(token);
        return new Session(subject, name, roles, now.plus(lifetime), ENCODER.encodeToString(token));
    }

    public String encode(Session session) {
        ObjectNode json = JSON.createObjectNode().put("sub", session.subject()).put("name", session.name())
                .put("exp", session.expiresAt().getEpochSecond()).put("csrf", session.csrfToken());
        session.roles().stream().sorted().forEach(json.putArray("roles")::add);
        String payload = ENCODER.encodeToString(json.toString().getBytes(StandardCharsets.UTF_8));
        return payload + "." + ENCODER.encodeToString(sign(payload));
    }

    /** The session in a cookie value, if its signature holds and it has not expired. */
    public Optional<Session> decode(String value, Instant now) {
        int dot = value == null ? -1 : value.indexOf('.');
        if (dot < 1) {
            return Optional.empty();
        }
        String payload = value.substring(0, dot);
        try {
            if (!MessageDigest.isEqual(sign(payload), DECODER.decode(value.substring(dot + 1)))) {
                return Optional.empty();
            }
            JsonNode json = JSON.readTree(DECODER.decode(payload));
            Set<String> roles = new HashSet<>();
            json.path("roles").forEach(role -> roles.add(role.asText()));
            Session session = new Session(json.path("sub").asText(), json.path("name").asText(), roles,
                    Instant.ofEpochSecond(json.path("exp").asLong()), json.path("csrf").asText());
            return session.expired(now) || session.subject().isEmpty() ? Optional.empty() : Optional.of(session);
        } catch (IllegalArgumentException | java.io.IOException e) {
            return Optional.empty();
        }
    }

    private byte[] sign(String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(payload.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
