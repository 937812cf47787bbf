package io.madoguchi.ingest;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** The contact form's time-to-fill field as the page would carry it, signed with the test profile's secret. */
final class FormTokens {

    static final String SECRET = "test-form-secret";

    private FormTokens() {
    }

    /** A page served this long ago. */
    static String servedAgo(Duration ago) {
        String millis = Long.toString(Instant.now().minus(ago).toEpochMilli());
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(SECRET.getBytes(UTF_8), "HmacSHA256"));
            return millis + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(("contact-form:" + millis).getBytes(UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A page served a minute ago: in time. */
    static String inTime() {
        return servedAgo(Duration.ofMinutes(1));
    }
}
