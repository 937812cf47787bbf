package io.madoguchi.ingest;

import static io.restassured.RestAssured.given;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/**
 * Hostile input, generated and mutated with jqwik, against the JSON API, the chat, LINE, Slack and mail webhooks
 * (each request correctly authenticated, so the parsers behind the checks are what is attacked) and the public web
 * form: malformed and deeply nested JSON, invalid UTF-8 and percent-encodings, wrong types and content types, huge
 * fields, missing, duplicated and unknown form fields, injection text, honeypot variants, MIME with thousands of
 * parts, nested messages and charset lies. Every answer must be a 2xx or a clear 4xx without a stack trace, never a
 * 5xx; nothing refused may become an event; the heap must not grow; the service must still take the next good request.
 */
@QuarkusTest
@TestProfile(HostileInputTest.FormLimitRaised.class)
@WithTestResource(IngestTestResource.class)
class HostileInputTest {

    /**
     * The form's limit per client address (4 a minute in tests, which WebFormTest relies on) would answer nearly all of
     * the corpus with 429 before parsing it, and the webhooks' (600 a minute per source and address) the long run's.
     * A profile of its own restarts Quarkus for this test only.
     */
    public static class FormLimitRaised implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("madoguchi.form.rate-limit-per-minute", "1000000", "madoguchi.webhooks.rate-limit-per-minute", "1000000");
        }
    }

    /** Generated inputs per kind and endpoint: 40 in ./mvnw verify; the long run asks for more (docs/reliability.md). */
    private static final int PER_KIND = Integer.getInteger("madoguchi.hostile.per-kind", 40);
    private static final String INJECTION = "'; DROP TABLE inquiry; -- <script>alert(1)</script> {{7*7}} ${jndi:ldap://x/a} \u0000";
    private static final String FORM = "application/x-www-form-urlencoded";
    private static final List<String> FORM_FIELDS = List.of("name", "email", "subject", "message", "website");
    private static final Pattern REFERENCE = Pattern.compile("<code id=\"reference\">([0-9a-f-]{36})</code>");

    /**
     * Bounds on the heap's growth over its baseline, from what this test measured in seven runs (2 cores, default G1,
     * max heap a quarter of 23 GB, 4 MB regions). After a full GC: -5 to +7 MB (the broker's and the buffer pools'
     * state moves too), so 16 MB fails a leak of the order of what the corpus sends (17 MB), e.g. each request's body
     * or text kept, not a leak of a few hundred bytes a request. Old generation peak: +104 to +240 MB, mostly arrays of
     * 2 MB or more, which G1 puts there, not yet freed by the few young collections of the run; 512 MB fails a request
     * that makes hundreds of MB of its body of at most 1 MB (an expanded MIME bomb), not one that makes a few MB.
     */
    private static final long MAX_RETAINED_GROWTH = 16L << 20;
    private static final long MAX_OLD_GEN_PEAK_GROWTH = 512L << 20;

    /** A form post: the content type may be wrong or absent (null). */
    private record Post(String contentType, byte[] body) {
    }

    /** One answer; {@code fault} says what is wrong with it, or is null. */
    private record Outcome(String endpoint, String kind, int status, String fault) {
    }

    private final List<Outcome> outcomes = new ArrayList<>();
    private final Set<String> formReferences = new HashSet<>();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TestHTTPResource("/form")
    URL form;

    @Test
    void everyHostileInputGetsAClearAnswerAndTheServiceGoesOn() throws Exception {
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

        // every path once (a good and a bad request), so that what the service loads and caches on first use is in the baseline
        String warmUp = "warm-up " + UUID.randomUUID();
        for (var endpoint : endpoints.values()) {
            endpoint.apply(("{\"channel\":\"api\",\"requester\":{\"email\":\"h@example.jp\"},\"body\":\"" + warmUp + "\"}").getBytes(UTF_8));
            endpoint.apply("{".getBytes(UTF_8));
        }
        endpoints.get("email").apply((header(warmUp, "text/plain; charset=UTF-8") + warmUp + "\r\n").getBytes(UTF_8));
        postForm(new Post(FORM, form("email", "h@example.jp", "message", warmUp, "started", FormTokens.inTime())));
        postForm(new Post(FORM, form("email", "", "message", warmUp)));

        HeapFigures heap = HeapFigures.start();
        long started = System.nanoTime();
        long sent = 0;
        byte[] validJson = ("{\"channel\":\"api\",\"requester\":{\"email\":\"h@example.jp\"},\"subject\":\"s " + run + "\",\"body\":\"b\"}").getBytes(UTF_8);
        for (var endpoint : endpoints.entrySet()) {
            for (var kind : kinds(validJson, endpoint.getKey()).entrySet()) {
                for (byte[] body : kind.getValue()) {
                    sent += body.length;
                    Response response = endpoint.getValue().apply(body);
                    record(endpoint.getKey(), kind.getKey(), body, response.statusCode(), response.asString());
                }
            }
        }
        for (byte[] raw : mime(run)) {
            sent += raw.length;
            Response response = endpoints.get("email").apply(raw);
            record("email", "mime", raw, response.statusCode(), response.asString());
        }
        for (var kind : formKinds(run).entrySet()) {
            for (Post post : kind.getValue()) {
                sent += post.body().length;
                HttpResponse<String> response = postForm(post);
                record("form", kind.getKey(), post.body(), response.statusCode(), response.body());
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        heap.stop();

        Map<String, Map<Integer, Integer>> table = new TreeMap<>();
        outcomes.forEach(o -> table.computeIfAbsent(o.endpoint() + " / " + o.kind(), k -> new TreeMap<>()).merge(o.status(), 1, Integer::sum));
        table.forEach((k, v) -> System.out.printf("%-32s %s%n", k, v));
        System.out.printf("hostile inputs tried: %d (%.1f MB) in %.1f s%n", outcomes.size(), sent / 1048576.0, seconds);
        System.out.println(heap);
        for (Outcome o : outcomes) {
            assertNull(o.fault(), o.endpoint() + " " + o.kind() + " answered " + o.status() + ": " + o.fault());
        }
        assertTrue(heap.retainedGrowth() < MAX_RETAINED_GROWTH, "the heap kept what the corpus sent: " + heap);
        assertTrue(heap.oldGenPeakGrowth() < MAX_OLD_GEN_PEAK_GROWTH, "a request took far more heap than its body: " + heap);

        // nothing the service refused became an event: the only events mentioning the run are accepted ones
        long accepted = outcomes.stream().filter(o -> o.status() / 100 == 2).count();
        List<ConsumerRecord<String, String>> events = InquiryEvents.mentioning(run, 0);
        assertTrue(events.size() <= accepted, events.size() + " events for " + accepted + " accepted requests");
        for (var event : events) {
            JsonNode data = InquiryEvents.data(event);
            assertFalse(event.value().contains("bot-" + run), "a honeypot submission became an event: " + event.value());
            if ("form".equals(data.get("channel").asText())) {
                assertTrue(formReferences.contains(data.get("inquiryId").asText()), "a form event no thank-you page announced: " + event.value());
                assertFalse(data.get("body").asText().isBlank(), "the form requires a message, yet: " + event.value());
            }
        }
        // and the service goes on
        given().contentType("application/json").header("X-Api-Key", "test-crm-key").body(validJson).when().post("/api/v1/inquiries")
                .then().statusCode(202);
        assertEquals(200, postForm(new Post(FORM, form("email", "h@example.jp", "message", "after " + run, "started", FormTokens.inTime()))).statusCode());
        assertEquals(200, given().when().get("/q/health/ready").statusCode());
    }

    /**
     * Checks an answer as it arrives and keeps only what the report needs, so the test itself holds no bodies: of a
     * faulty answer's request, its first bytes, for the generated inputs differ from run to run.
     */
    private void record(String endpoint, String kind, byte[] request, int status, String body) {
        String fault = null;
        if (status >= 500) {
            fault = "a server error: " + excerpt(body);
        } else if (status == 429) {
            fault = "rate limited, so the parser was never reached";
        } else if (body.contains("\tat ") || body.contains("Exception") || body.contains("io.madoguchi.")) {
            fault = "internals leaked: " + excerpt(body);
        } else if ("form".equals(endpoint) && body.toLowerCase(Locale.ROOT).contains("<script")) {
            fault = "markup echoed unescaped: " + excerpt(body);
        }
        if ("form".equals(endpoint) && status == 200) {
            Matcher reference = REFERENCE.matcher(body);
            if (reference.find()) {
                formReferences.add(reference.group(1));
            } else {
                fault = "a 200 without a thank-you page: " + excerpt(body);
            }
        }
        if (fault != null) {
            fault += " (the request's first bytes: " + HexFormat.of().formatHex(request, 0, Math.min(request.length, 64)) + ")";
        }
        outcomes.add(new Outcome(endpoint, kind, status, fault));
    }

    private static String excerpt(String body) {
        return body.length() <= 2_000 ? body : body.substring(0, 2_000) + "...";
    }

    private HttpResponse<String> postForm(Post post) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(form.toURI()).POST(HttpRequest.BodyPublishers.ofByteArray(post.body()));
        if (post.contentType() != null) {
            request.header("Content-Type", post.contentType());
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Per kind of hostility, the bodies to try: random, structural, encoding and mutations of a valid body. */
    private static Map<String, List<byte[]>> kinds(byte[] valid, String endpoint) {
        Map<String, List<byte[]>> kinds = new TreeMap<>();
        kinds.put("random-bytes", Arbitraries.bytes().array(byte[].class).ofMinSize(0).ofMaxSize(2_000).sampleStream().limit(PER_KIND).toList());
        kinds.put("random-text", Arbitraries.strings().all().ofMaxLength(2_000).map(s -> s.getBytes(UTF_8)).sampleStream().limit(PER_KIND).toList());
        kinds.put("mutated", mutations(valid, "", "\"", "{", "}", "[", "]", ",", ":", "\\", "\u0000", "\uD800", "💥", "null")
                .sampleStream().limit(PER_KIND * 2).toList());
        kinds.put("nested", Arbitraries.integers().between(100, 100_000).map(depth -> ("[".repeat(depth) + "]".repeat(depth)).getBytes(UTF_8))
                .sampleStream().limit(8).toList());
        kinds.put("nested-object", Arbitraries.integers().between(100, 50_000)
                .map(depth -> ("{\"a\":".repeat(depth) + "1" + "}".repeat(depth)).getBytes(UTF_8)).sampleStream().limit(8).toList());
        kinds.put("wrong-types", Arbitraries.of("{\"channel\":1}", "{\"requester\":\"x\"}", "{\"body\":[1,2]}", "{\"subject\":{\"a\":1}}",
                "{\"channel\":\"api\",\"requester\":{\"email\":[]},\"body\":true}", "[]", "null", "\"string\"", "42", "{\"transcript\":\"x\"}",
                "{\"events\":{}}", "{\"destination\":1,\"events\":[null]}").map(s -> s.getBytes(UTF_8)).sampleStream().limit(24).toList());
        // Jackson guesses the encoding from the first bytes: valid JSON in the other Unicode encodings, and bytes that only look like them
        kinds.put("encodings", Stream.concat(Stream.of("UTF-16BE", "UTF-16LE", "UTF-32BE", "UTF-32LE")
                .map(charset -> new String(valid, UTF_8).getBytes(Charset.forName(charset))),
                Stream.of(HexFormat.of().parseHex("000000ff01020304"), HexFormat.of().parseHex("fffe0000ffffffff"),
                        HexFormat.of().parseHex("0000feff01010101"), HexFormat.of().parseHex("feffd800"), HexFormat.of().parseHex("007b")))
                .toList());
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
    private static Arbitrary<byte[]> mutations(byte[] valid, String... replacementsFrom) {
        String text = new String(valid, UTF_8);
        return Arbitraries.integers().between(1, 8).flatMap(edits -> Arbitraries.integers().between(0, text.length() - 1).list().ofSize(edits)
                .flatMap(positions -> Arbitraries.of(replacementsFrom).list().ofSize(edits)
                        .map(replacements -> {
                            StringBuilder mutated = new StringBuilder(text);
                            for (int i = 0; i < edits; i++) {
                                int at = Math.min(positions.get(i), mutated.length() - 1);
                                mutated.replace(at, at + 1, replacements.get(i));
                            }
                            return mutated.toString().getBytes(UTF_8);
                        })));
    }

    /**
     * Per kind of hostility, the form posts to try. Submissions that fill in the honeypot carry "bot-" and the run in their
     * message, so the test can tell that none of them became an event.
     */
    private static Map<String, List<Post>> formKinds(String run) {
        byte[] valid = form("name", "山田 花子", "email", "hanako@example.jp", "subject", "hostile " + run, "message", "質問 " + run, "website", "",
                "started", FormTokens.inTime());
        Map<String, List<Post>> kinds = new TreeMap<>();
        kinds.put("random-bytes", Arbitraries.bytes().array(byte[].class).ofMinSize(0).ofMaxSize(2_000).map(b -> new Post(FORM, b))
                .sampleStream().limit(PER_KIND).toList());
        kinds.put("random-text", Arbitraries.strings().all().ofMaxLength(2_000).map(s -> new Post(FORM, s.getBytes(UTF_8)))
                .sampleStream().limit(PER_KIND).toList());
        kinds.put("mutated", mutations(valid, "", "&", "=", "+", "%", "%2", "%zz", "%00", "%FF", "%C3%28", "%ED%A0%80", "\u0000", "\uD800",
                "💥", "\r\n", "&website=x&", "&email=&").map(b -> new Post(FORM, b)).sampleStream().limit(PER_KIND * 2).toList());
        // raw, so that the broken escape reaches the server as it is
        kinds.put("bad-percent", Arbitraries.of(FORM_FIELDS.subList(0, 4)).flatMap(field -> Arbitraries.of("%", "%4", "%G0", "%zz", "100%", "%%41",
                "%u3042", "%-1", "%\u3042").map(bad -> new Post(FORM, replaceRaw(valid, field, "x" + bad + "y " + run))))
                .sampleStream().limit(24).toList());
        kinds.put("invalid-utf8", Arbitraries.oneOf(
                Arbitraries.bytes().between((byte) 0x80, (byte) 0xFF).array(byte[].class).ofMinSize(1).ofMaxSize(12)
                        .map(bad -> replaceRaw(valid, "message", percentEncoded(bad) + " " + run)),
                Arbitraries.of("%C0%AF", "%ED%A0%80", "%ED%BF%BF", "%E3%81", "%F4%90%80%80", "%F8%88%80%80%80", "%FE%FF", "%C3%28")
                        .flatMap(bad -> Arbitraries.of(FORM_FIELDS.subList(0, 4)).map(field -> replaceRaw(valid, field, "a" + bad + "b " + run))),
                Arbitraries.bytes().between((byte) 0x80, (byte) 0xFF).array(byte[].class).ofMinSize(1).ofMaxSize(12)
                        .map(bad -> concat(("email=h%40example.jp&message=raw+" + run + "&name=").getBytes(UTF_8), bad)))
                .map(b -> new Post(FORM, b)).sampleStream().limit(PER_KIND).toList());
        // the body limit is 1 MB; each of these is about 900 KB
        String huge = "あ".repeat(100_000);
        List<Post> hugeFields = new ArrayList<>();
        for (String field : FORM_FIELDS) {
            byte[] body = "website".equals(field) ? replaceRaw(valid, "message", "bot-" + run) : valid;
            hugeFields.add(new Post(FORM, replaceRaw(body, field, encode("email".equals(field) ? huge + "@example.jp" : huge))));
        }
        hugeFields.add(new Post(FORM, with(valid, "comment", huge)));
        hugeFields.add(new Post(FORM, concat(valid, "&m=".repeat(250_000).getBytes(UTF_8))));
        hugeFields.add(new Post(FORM, concat(valid, IntStream.range(0, 100_000).mapToObj(i -> "&f" + i + "=").collect(Collectors.joining()).getBytes(UTF_8))));
        hugeFields.add(new Post(FORM, concat(valid, "&message=x".repeat(90_000).getBytes(UTF_8))));
        hugeFields.add(new Post(FORM, "&".repeat(900_000).getBytes(UTF_8)));
        kinds.put("huge-field", hugeFields);
        kinds.put("missing-field", List.of(new Post(FORM, new byte[0]), new Post(FORM, "&&&".getBytes(UTF_8)), new Post(FORM, "=".getBytes(UTF_8)),
                new Post(FORM, "email&message".getBytes(UTF_8)), new Post(FORM, form("email", "h@example.jp")),
                new Post(FORM, form("message", "no address " + run)), new Post(FORM, form("email", "h@example.jp", "message", " \t\r\n\u3000")),
                new Post(FORM, form("email", "h@example.jp", "message", "\u0000\u0001\u007F")),
                new Post(FORM, form("email", "h@example.jp", "message", "only address and message " + run))));
        kinds.put("duplicated-field", Stream.concat(FORM_FIELDS.stream().map(field -> with(valid, field, "second " + run)),
                Stream.of(concat(form("email", "", "message", ""), "&".getBytes(UTF_8), valid))).map(b -> new Post(FORM, b)).toList());
        kinds.put("unknown-field", Stream.of("comment", "Email", "MESSAGE", "message[]", "message.x", "", "\u0000", "ウェブサイト", "__proto__",
                "class.module.classLoader", INJECTION).map(name -> new Post(FORM, with(valid, name, "extra " + run))).toList());
        kinds.put("injection", Stream.concat(FORM_FIELDS.stream(), Stream.of("field-name")).map(field -> new Post(FORM, "field-name".equals(field)
                        ? with(valid, INJECTION, INJECTION)
                        : replaceRaw(valid, field, encode(("email".equals(field) ? INJECTION + "@example.jp"
                                : "website".equals(field) ? INJECTION : INJECTION + " " + run)))))
                .toList());
        byte[] bot = replaceRaw(valid, "message", "bot-" + run);
        kinds.put("honeypot", Stream.concat(Stream.of("http://spam.example", "x", "\u0000", "<a href=x>", "\u3042")
                .map(value -> replaceRaw(bot, "website", encode(value))), Stream.of(
                        form("website", "x", "message", "bot-" + run, "email", "h@example.jp"),
                        new String(bot, UTF_8).replace("website=", "web%73ite=x").getBytes(UTF_8),
                        // blank, as a person's browser sends it: these are real submissions
                        replaceRaw(valid, "website", "+"), replaceRaw(valid, "website", "%20%09%E3%80%80"),
                        new String(valid, UTF_8).replace("website=", "website").getBytes(UTF_8)))
                .map(b -> new Post(FORM, b)).toList());
        kinds.put("content-type", Stream.of(null, "text/plain", "application/json", "application/xml", "application/octet-stream", "*/*",
                "multipart/form-data; boundary=x", "application/x-www-form-urlencoded; charset=ISO-8859-1",
                "application/x-www-form-urlencoded; charset=UTF-16", "application/x-www-form-urlencoded; charset=\"", "application/x-www-form-urlencoded;;;=",
                "application/x-www-form-urlencodedx", "application", "/", "x/y; q=\"unterminated", "application/x-www-form-urlencoded, text/plain")
                .map(type -> new Post(type, valid)).collect(Collectors.toCollection(ArrayList::new)));
        // the right fields in another format
        kinds.get("content-type").add(new Post("multipart/form-data; boundary=b", ("--b\r\nContent-Disposition: form-data; name=\"email\"\r\n\r\n"
                + "h@example.jp\r\n--b\r\nContent-Disposition: form-data; name=\"message\"\r\n\r\nmultipart " + run + "\r\n--b--\r\n").getBytes(UTF_8)));
        kinds.get("content-type").add(new Post("application/json", ("{\"email\":\"h@example.jp\",\"message\":\"json " + run + "\"}").getBytes(UTF_8)));
        return kinds;
    }

    /** An urlencoded body of the given name, value pairs, each encoded as a browser does. */
    private static byte[] form(String... pairs) {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < pairs.length; i += 2) {
            body.append(i == 0 ? "" : "&").append(encode(pairs[i])).append('=').append(encode(pairs[i + 1]));
        }
        return body.toString().getBytes(UTF_8);
    }

    private static byte[] with(byte[] body, String... pairs) {
        return concat(body, "&".getBytes(UTF_8), form(pairs));
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, UTF_8);
    }

    /** The urlencoded body with the value of {@code field} replaced by {@code raw}, which is not encoded. */
    private static byte[] replaceRaw(byte[] body, String field, String raw) {
        return new String(body, UTF_8).replaceFirst("(^|&)" + field + "=[^&]*", "$1" + field + "=" + Matcher.quoteReplacement(raw)).getBytes(UTF_8);
    }

    private static String percentEncoded(byte[] bytes) {
        StringBuilder out = new StringBuilder();
        for (byte b : bytes) {
            out.append('%').append(String.format("%02X", b & 0xFF));
        }
        return out.toString();
    }

    /** Mail no gateway should send: thousands of parts (and 95,000 tiny ones), nesting, charset lies, a bomb-like attachment. */
    private static List<byte[]> mime(String run) {
        List<byte[]> mails = new ArrayList<>();
        StringBuilder parts = new StringBuilder(header(run, "multipart/mixed; boundary=b"));
        for (int i = 0; i < 5_000; i++) {
            parts.append("--b\r\nContent-Type: text/plain\r\n\r\npart ").append(i).append("\r\n");
        }
        mails.add(parts.append("--b--\r\n").toString().getBytes(UTF_8));
        mails.add((header(run, "multipart/mixed; boundary=b") + "--b\r\n\r\nx\r\n".repeat(95_000) + "--b--\r\n").getBytes(UTF_8));
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
