package io.madoguchi.ingest;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.Base64;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Signatures computed the way each platform documents them, independently of the service's own code. */
final class Signatures {

    private Signatures() {
    }

    static long now() {
        return System.currentTimeMillis() / 1000;
    }

    /** Slack: "v0=" + hex(HMAC-SHA256(signing secret, "v0:" + timestamp + ":" + body)). */
    static String slack(String secret, long timestamp, String body) {
        return "v0=" + HexFormat.of().formatHex(hmac(secret, "v0:" + timestamp + ":" + body));
    }

    /** LINE: base64(HMAC-SHA256(channel secret, body)). */
    static String line(String secret, String body) {
        return Base64.getEncoder().encodeToString(hmac(secret, body));
    }

    /** Ours: "t=<unix>,v1=" + hex(HMAC-SHA256(secret, t + "." + body)). */
    static String madoguchi(String secret, long timestamp, byte[] body) {
        byte[] signed = new byte[body.length + Long.toString(timestamp).length() + 1];
        byte[] prefix = (timestamp + ".").getBytes(UTF_8);
        System.arraycopy(prefix, 0, signed, 0, prefix.length);
        System.arraycopy(body, 0, signed, prefix.length, body.length);
        return "t=" + timestamp + ",v1=" + HexFormat.of().formatHex(hmac(secret.getBytes(UTF_8), signed));
    }

    private static byte[] hmac(String secret, String data) {
        return hmac(secret.getBytes(UTF_8), data.getBytes(UTF_8));
    }

    private static byte[] hmac(byte[] secret, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
