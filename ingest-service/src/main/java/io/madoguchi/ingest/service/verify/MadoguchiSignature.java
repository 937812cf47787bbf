package io.madoguchi.ingest.service.verify;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;

/**
 * Our own webhook signature, for the chat widget, chatbots and mail gateways, and for our callbacks to them:
 * {@code X-Madoguchi-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">} with the source's secret,
 * {@code t} within five minutes of now. Several {@code v1} values may be sent while a secret is rotated.
 */
public final class MadoguchiSignature {

    public static final String HEADER = "X-Madoguchi-Signature";
    public static final Duration WINDOW = Duration.ofMinutes(5);

    private final Clock clock;

    public MadoguchiSignature(Clock clock) {
        this.clock = clock;
    }

    public void verify(String header, byte[] body, String secret) {
        if (header == null || header.isBlank()) {
            throw new SignatureRejected("missing-signature", HEADER + " is required");
        }
        String timestamp = null;
        java.util.List<String> signatures = new java.util.ArrayList<>();
        for (String part : header.split(",")) {
            String[] pair = part.trim().split("=", 2);
            if (pair.length == 2 && pair[0].equals("t")) {
                timestamp = pair[1];
            } else if (pair.length == 2 && pair[0].equals("v1")) {
                signatures.add(pair[1].trim().toLowerCase(java.util.Locale.ROOT));
            }
        }
        if (timestamp == null || signatures.isEmpty()) {
            throw new SignatureRejected("missing-signature", HEADER + " must be t=<unix seconds>,v1=<hex>");
        }
        TimestampWindow.check(timestamp, WINDOW, clock);
        byte[] expected = v1(timestamp.trim(), body, secret).getBytes(UTF_8);
        for (String signature : signatures) {
            if (Hmac.same(expected, signature.getBytes(UTF_8))) {
                return;
            }
        }
        throw new SignatureRejected("signature", HEADER + " does not match the body");
    }

    /** The header that signs {@code body} with {@code secret} now: what {@link #verify} accepts, for our outbound callbacks. */
    public String sign(byte[] body, String secret) {
        String timestamp = Long.toString(clock.instant().getEpochSecond());
        return "t=" + timestamp + ",v1=" + v1(timestamp, body, secret);
    }

    private static String v1(String timestamp, byte[] body, String secret) {
        return HexFormat.of().formatHex(Hmac.sha256(secret.getBytes(UTF_8), (timestamp + ".").getBytes(UTF_8), body));
    }
}
