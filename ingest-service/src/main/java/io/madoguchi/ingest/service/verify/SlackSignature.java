package io.madoguchi.ingest.service.verify;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;

/**
 * Slack's request signature v0: {@code X-Slack-Signature: v0=<hex HMAC-SHA256 of "v0:<timestamp>:<body>">} with the
 * app's signing secret, and {@code X-Slack-Request-Timestamp} within five minutes of now.
 */
public final class SlackSignature {

    public static final Duration WINDOW = Duration.ofMinutes(5);

    private final byte[] signingSecret;
    private final Clock clock;

    public SlackSignature(String signingSecret, Clock clock) {
        this.signingSecret = signingSecret.getBytes(UTF_8);
        this.clock = clock;
    }

    public void verify(String timestamp, String signature, byte[] body) {
        if (signature == null || !signature.startsWith("v0=")) {
            throw new SignatureRejected("missing-signature", "X-Slack-Signature (v0) is required");
        }
        TimestampWindow.check(timestamp, WINDOW, clock);
        byte[] expected = Hmac.sha256(signingSecret, ("v0:" + timestamp.trim() + ":").getBytes(UTF_8), body);
        if (!Hmac.same(HexFormat.of().formatHex(expected).getBytes(UTF_8), signature.substring(3).trim().getBytes(UTF_8))) {
            throw new SignatureRejected("signature", "X-Slack-Signature does not match the body");
        }
    }
}
