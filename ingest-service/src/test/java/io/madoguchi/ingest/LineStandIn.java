package io.madoguchi.ingest;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A local stand-in for the LINE Messaging API's push message ({@code POST /v2/bot/message/push}), a real HTTP server
 * answering as LINE documents it: 401 without the channel access token; 400 for an invalid {@code X-Line-Retry-Key},
 * for 0 or more than 5 messages, for a text of more than 5,000 UTF-16 code units, and ("Failed to send messages") for a
 * user id LINE does not know; 409 with {@code x-line-accepted-request-id} for a retry key it accepted before; 200 with
 * {@code x-line-request-id} otherwise. Per recipient it can refuse with 403, fail a given request with 500 before accepting it,
 * or accept and then answer 500 (a push accepted whose answer was lost). It records every request and what each user received.
 */
public final class LineStandIn implements AutoCloseable {

    public static final String ACCESS_TOKEN = "line-test-channel-access-token";
    private static final Pattern RETRY_KEY = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One push request: its retry key, recipient and texts, the status answered and the request id. */
    public record Push(Instant at, String retryKey, String to, List<String> texts, int status, String requestId) {
    }

    private final HttpServer server;
    private final List<Push> pushes = new CopyOnWriteArrayList<>();
    /** retry key → the request id it was accepted under */
    private final Map<String, String> accepted = new ConcurrentHashMap<>();
    private final Map<String, List<String>> received = new ConcurrentHashMap<>();
    private final Set<String> unknownUsers = ConcurrentHashMap.newKeySet();
    private final Set<String> forbidden = ConcurrentHashMap.newKeySet();
    private final Map<String, Set<Integer>> failingRequests = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> lostAnswers = new ConcurrentHashMap<>();

    public LineStandIn() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** A user id LINE does not know (a typo, another provider's id): 400 "Failed to send messages". */
    public void unknownUser(String to) {
        unknownUsers.add(to);
    }

    /** Pushes to the recipient answer 403, as for a channel whose plan may not use the API. */
    public void forbid(String to) {
        forbidden.add(to);
    }

    /** These requests to the recipient (1 for its first, every request counted) answer 500 without being accepted. */
    public void failRequests(String to, Integer... numbers) {
        failingRequests.put(to, Set.of(numbers));
    }

    /** The next {@code count} pushes to the recipient are accepted, then answered 500. */
    public void acceptThenFailNext(String to, int count) {
        lostAnswers.put(to, new AtomicInteger(count));
    }

    public List<Push> pushes(String to) {
        return pushes.stream().filter(push -> to.equals(push.to())).toList();
    }

    /** The texts the recipient received, in order: those of accepted pushes only. */
    public List<String> received(String to) {
        return received.getOrDefault(to, List.of());
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        String requestId = UUID.randomUUID().toString();
        exchange.getResponseHeaders().add("x-line-request-id", requestId);
        if (!exchange.getRequestURI().getPath().equals("/v2/bot/message/push") || !exchange.getRequestMethod().equals("POST")) {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
            return;
        }
        String key = exchange.getRequestHeaders().getFirst("X-Line-Retry-Key");
        JsonNode request = JSON.readTree(body);
        String to = request.path("to").asText("");
        List<String> texts = new ArrayList<>();
        request.path("messages").forEach(message -> texts.add(message.path("text").asText()));
        Answer answer = answer(exchange, key, to, request, texts, requestId);
        // recorded before the answer leaves, so that whoever learns of the answer finds the push here
        pushes.add(new Push(Instant.now(), key, to, texts, answer.status(), requestId));
        byte[] bytes = answer.body().getBytes(UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(answer.status(), bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private record Answer(int status, String body) {
    }

    private Answer answer(HttpExchange exchange, String key, String to, JsonNode request, List<String> texts, String requestId) {
        if (!("Bearer " + ACCESS_TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            return new Answer(401, "{\"message\":\"Authentication failed. Confirm that the access token in the authorization header is valid.\"}");
        }
        if (key != null && !RETRY_KEY.matcher(key).matches()) {
            return new Answer(400, "{\"message\":\"The value for the 'X-Line-Retry-Key' header is invalid\"}");
        }
        if (key != null && accepted.containsKey(key)) {
            exchange.getResponseHeaders().add("x-line-accepted-request-id", accepted.get(key));
            return new Answer(409, "{\"message\":\"The retry key is already accepted\"}");
        }
        JsonNode messages = request.path("messages");
        if (!messages.isArray() || messages.isEmpty() || messages.size() > 5) {
            return new Answer(400, "{\"message\":\"The request body has 1 error(s)\",\"details\":[{\"message\":\"Size must be between 1 and 5\",\"property\":\"messages\"}]}");
        }
        for (int i = 0; i < texts.size(); i++) {
            if (!"text".equals(messages.get(i).path("type").asText()) || texts.get(i).isEmpty() || texts.get(i).length() > 5000) {
                return new Answer(400, "{\"message\":\"The request body has 1 error(s)\",\"details\":[{\"message\":\"Length must be between 0 and 5000\",\"property\":\"messages[" + i + "].text\"}]}");
            }
        }
        if (to.isEmpty() || unknownUsers.contains(to)) {
            return new Answer(400, "{\"message\":\"Failed to send messages\"}");
        }
        if (forbidden.contains(to)) {
            return new Answer(403, "{\"message\":\"Access to this API is not available for your account\"}");
        }
        if (failingRequests.getOrDefault(to, Set.of()).contains(pushes(to).size() + 1)) {
            return new Answer(500, "{\"message\":\"An error occurred in the server\"}");
        }
        if (key != null) {
            accepted.put(key, requestId);
        }
        received.computeIfAbsent(to, ignored -> new CopyOnWriteArrayList<>()).addAll(texts);
        AtomicInteger losing = lostAnswers.get(to);
        if (losing != null && losing.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            return new Answer(500, "{\"message\":\"An error occurred in the server\"}");
        }
        StringBuilder sent = new StringBuilder("{\"sentMessages\":[");
        for (int i = 0; i < texts.size(); i++) {
            sent.append(i == 0 ? "" : ",").append("{\"id\":\"").append(System.nanoTime()).append("\",\"quoteToken\":\"q").append(i).append("\"}");
        }
        return new Answer(200, sent.append("]}").toString());
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
