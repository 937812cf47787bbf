package io.madoguchi.ingest.service.verify;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.Base64;

/** LINE Messaging API: {@code x-line-signature} is the base64 HMAC-SHA256 of the body with the channel secret. */
public final class LineSignature {

    private final byte[] channelSecret;

    public LineSignature(String channelSecret) {
        this.channelSecret = channelSecret.getBytes(UTF_8);
    }

    public void verify(String signature, byte[] body) {
        if (signature == null || signature.isBlank()) {
            throw new SignatureRejected("missing-signature", "x-line-signature is required");
        }
        byte[] presented;
        try {
            presented = Base64.getDecoder().decode(signature.trim());
        } catch (IllegalArgumentException e) {
            throw new SignatureRejected("signature", "x-line-signature is not base64");
        }
        if (!Hmac.same(Hmac.sha256(channelSecret, body), presented)) {
            throw new SignatureRejected("signature", "x-line-signature does not match the body");
        }
    }
}
