package io.madoguchi.ingest;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A chat widget's reply endpoint (a real HTTP server), as a customer of ours would write it: it verifies
 * {@code X-Madoguchi-Signature} with the source's secret, computed here independently of the service (401 otherwise),
 * requires an {@code Idempotency-Key} and answers 409 for one it accepted before, else 201 with the id of the chat
 * message it made. Per conversation it can refuse (e.g. 404 for a conversation it closed) or accept and then answer 500.
 */
public final class ChatCallbackStandIn implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One callback as received: its headers of interest, the body, whether the signature held, and the status answered. */
    public record Callback(Instant at, String idempotencyKey, String signature, byte[] body, boolean signed, int status) {

        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private record Refusal(int status, String body) {
    }

    private final String secret;
    private final HttpServer server;
    private final List<Callback> callbacks = new CopyOnWriteArrayList<>();
    /** Idempotency-Key → the id of the chat message made for it */
    private final Map<String, String> accepted = new ConcurrentHashMap<>();
    private final Map<String, Refusal> refusals = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> lostAnswers = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();

    public ChatCallbackStandIn(String secret) throws IOException {
        this.secret = secret;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/madoguchi/replies", this::handle);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/madoguchi/replies";
    }

    /** Callbacks for the conversation are answered with this status and body. */
    public void refuse(String conversationId, int status, String body) {
        refusals.put(conversationId, new Refusal(status, body));
    }

    /** The next {@code count} callbacks for the conversation are accepted, then answered 500. */
    public void acceptThenFailNext(String conversationId, int count) {
        lostAnswers.put(conversationId, new AtomicInteger(count));
    }

    public List<Callback> callbacks(String conversationId) {
        return callbacks.stream().filter(callback -> conversationId.equals(callback.json().path("conversationId").asText())).toList();
    }

    /** The chat message made for an idempotency key, or null. */
    public String messageFor(String idempotencyKey) {
        return accepted.get(idempotencyKey);
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
        String signature = exchange.getRequestHeaders().getFirst("X-Madoguchi-Signature");
        boolean signed = verified(signature, body);
        String conversation = JSON.readTree(body).path("conversationId").asText();
        int status;
        String answer;
        AtomicInteger losing = lostAnswers.get(conversation);
        if (!signed) {
            status = 401;
            answer = "{\"error\":\"signature\"}";
        } else if (key == null || key.isBlank()) {
            status = 400;
            answer = "{\"error\":\"Idempotency-Key is required\"}";
        } else if (accepted.containsKey(key)) {
            status = 409;
            answer = "{\"error\":\"already accepted\",\"id\":\"" + accepted.get(key) + "\"}";
        } else if (refusals.containsKey(conversation)) {
            status = refusals.get(conversation).status();
            answer = refusals.get(conversation).body();
        } else {
            accepted.put(key, "msg-" + ids.incrementAndGet());
            boolean lost = losing != null && losing.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
            status = lost ? 500 : 201;
            answer = lost ? "{\"error\":\"internal\"}" : "{\"id\":\"" + accepted.get(key) + "\"}";
        }
        callbacks.add(new Callback(Instant.now(), key, signature, body, signed, status));
        byte[] bytes = answer.getBytes(UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** t within five minutes, and a v1 that is the hex HMAC-SHA256 of "t.body" with the source's secret. */
    private boolean verified(String header, byte[] body) {
        if (header == null) {
            return false;
        }
        String t = null;
        String v1 = null;
        for (String part : header.split(",")) {
            String[] pair = part.trim().split("=", 2);
            if (pair.length == 2 && pair[0].equals("t")) {
                t = pair[1];
            } else if (pair.length == 2 && pair[0].equals("v1")) {
                v1 = pair[1];
            }
        }
        if (t == null || v1 == null || Math.abs(Instant.now().getEpochSecond() - Long.parseLong(t)) > 300) {
            return false;
        }
        String expected = Signatures.madoguchi(secret, Long.parseLong(t), body);
        return Arrays.equals(expected.getBytes(UTF_8), ("t=" + t + ",v1=" + v1).getBytes(UTF_8));
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
