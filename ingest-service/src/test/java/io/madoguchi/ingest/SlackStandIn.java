package io.madoguchi.ingest;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A local stand-in for the Slack Web API (a real HTTP server): answers conversations.history and
 * conversations.replies the way Slack does, from messages the test put there, and can fail a number of calls.
 */
public final class SlackStandIn implements AutoCloseable {

    public static final String BOT_TOKEN = "xoxb-test-token";

    private final HttpServer server;
    private final Map<String, String> messages = new ConcurrentHashMap<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger failuresLeft = new AtomicInteger();

    public SlackStandIn() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/api";
    }

    /** @param messageJson the message object as Slack returns it in {@code messages[]} */
    public void put(String channel, String ts, String messageJson) {
        messages.put(channel + "/" + ts, messageJson);
    }

    /** The next {@code count} calls answer 503, as Slack does when it is having a bad day. */
    public void failNext(int count) {
        failuresLeft.set(count);
    }

    public List<String> requests() {
        return requests;
    }

    private void handle(HttpExchange exchange) throws IOException {
        URI uri = exchange.getRequestURI();
        requests.add(uri.getPath() + "?" + uri.getRawQuery());
        if (failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            respond(exchange, 503, "service unavailable");
            return;
        }
        if (!("Bearer " + BOT_TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            respond(exchange, 200, "{\"ok\":false,\"error\":\"not_authed\"}");
            return;
        }
        Map<String, String> query = new java.util.HashMap<>();
        for (String pair : uri.getRawQuery().split("&")) {
            String[] kv = pair.split("=", 2);
            query.put(kv[0], java.net.URLDecoder.decode(kv[1], UTF_8));
        }
        String message = messages.get(query.get("channel") + "/" + query.get("ts"));
        if (uri.getPath().endsWith("/conversations.history") || uri.getPath().endsWith("/conversations.replies")) {
            respond(exchange, 200, "{\"ok\":true,\"messages\":[" + (message == null ? "" : message) + "],\"has_more\":false}");
        } else {
            respond(exchange, 200, "{\"ok\":false,\"error\":\"unknown_method\"}");
        }
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
