package io.madoguchi.ingest;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A local stand-in for the Slack Web API (a real HTTP server), answering as Slack documents it:
 * conversations.history and conversations.replies from messages the test put there and messages posted to it
 * (replies page by page, a few messages a page, with {@code response_metadata.next_cursor}; message metadata only
 * with {@code include_all_metadata=true}), and chat.postMessage (JSON body, bearer token), which stores the post
 * as the bot's message in its thread. Per channel it can answer 429 with {@code Retry-After}, drop the connection
 * after a post was stored (a post Slack accepted whose answer was lost), or know no such channel.
 */
public final class SlackStandIn implements AutoCloseable {

    public static final String BOT_TOKEN = "xoxb-test-token";
    public static final String TEAM = "T0001";
    public static final String BOT_USER = IngestTestResource.SLACK_BOT_USER;
    public static final String BOT_ID = "B0MADOGUCHI";
    public static final String APP_ID = "A0MADOGUCHI";
    /** Slack may answer fewer messages than the limit asked for; this one always does, so that paging is exercised. */
    static final int PAGE_SIZE = 3;

    /** One call: when it came, the method, its query or body, and the HTTP status answered (0: the connection was dropped). */
    public record Call(Instant at, String method, String query, String body, int status) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final Map<String, String> messages = new ConcurrentHashMap<>();
    private final Map<String, String> users = new ConcurrentHashMap<>();
    private final List<ObjectNode> posts = new CopyOnWriteArrayList<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private final Set<String> unknownChannels = ConcurrentHashMap.newKeySet();
    private final Map<String, AtomicInteger> rateLimited = new ConcurrentHashMap<>();
    private final Map<String, Integer> retryAfterSeconds = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> dropsAfterPosting = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong();

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

    /** A member of the workspace: {@code users.info} answers with their profile (display name, real name, e-mail). */
    public void addUser(String id, String displayName, String realName, String email) {
        ObjectNode user = JSON.createObjectNode();
        user.put("id", id);
        user.put("team_id", TEAM);
        user.put("name", realName.toLowerCase().replace(' ', '.'));
        user.put("real_name", realName);
        user.put("is_bot", false);
        ObjectNode profile = user.putObject("profile");
        profile.put("display_name", displayName);
        profile.put("real_name", realName);
        if (email != null) {
            profile.put("email", email);
        }
        users.put(id, user.toString());
    }

    /** The next {@code count} calls answer 503, as Slack does when it is having a bad day. */
    public void failNext(int count) {
        failuresLeft.set(count);
    }

    /** The next {@code count} posts to the channel answer HTTP 429 with {@code Retry-After: seconds}. */
    public void rateLimitPosts(String channel, int count, int seconds) {
        rateLimited.put(channel, new AtomicInteger(count));
        retryAfterSeconds.put(channel, seconds);
    }

    /** The next {@code count} posts to the channel are stored, then the connection is closed before any answer. */
    public void dropAfterPosting(String channel, int count) {
        dropsAfterPosting.put(channel, new AtomicInteger(count));
    }

    /** Every call naming the channel answers {@code channel_not_found}, as for a deleted channel. */
    public void forgetChannel(String channel) {
        unknownChannels.add(channel);
    }

    public List<String> requests() {
        return requests;
    }

    public List<Call> calls(String method) {
        return calls.stream().filter(call -> call.method().equals(method)).toList();
    }

    /** The bot's messages posted in the channel, as Slack stores them (with their metadata). */
    public List<JsonNode> posts(String channel) {
        return posts.stream().filter(post -> post.path("channel").asText().equals(channel)).map(post -> (JsonNode) post).toList();
    }

    /** The Events API payload Slack sends for one of the bot's posts: a {@code message} event of the bot, with its metadata. */
    public String messageEvent(JsonNode post) {
        ObjectNode event = post.deepCopy();
        event.put("event_ts", post.path("ts").asText());
        event.put("channel_type", "channel");
        ObjectNode payload = JSON.createObjectNode();
        payload.put("token", "XXYYZZ");
        payload.put("team_id", TEAM);
        payload.put("api_app_id", APP_ID);
        payload.set("event", event);
        payload.put("type", "event_callback");
        payload.put("event_id", "Ev" + post.path("ts").asText().replace(".", ""));
        payload.put("event_time", Instant.now().getEpochSecond());
        ObjectNode authorization = payload.putArray("authorizations").addObject();
        authorization.put("team_id", TEAM);
        authorization.put("user_id", BOT_USER);
        authorization.put("is_bot", true);
        authorization.put("is_enterprise_install", false);
        payload.put("is_ext_shared_channel", false);
        return payload.toString();
    }

    private void handle(HttpExchange exchange) throws IOException {
        URI uri = exchange.getRequestURI();
        String method = uri.getPath().substring(uri.getPath().lastIndexOf('/') + 1);
        String body = new String(exchange.getRequestBody().readAllBytes(), UTF_8);
        requests.add(uri.getPath() + "?" + uri.getRawQuery());
        if (failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            respond(exchange, method, uri, body, 503, "service unavailable");
            return;
        }
        if (!("Bearer " + BOT_TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            respond(exchange, method, uri, body, 200, "{\"ok\":false,\"error\":\"not_authed\"}");
            return;
        }
        switch (method) {
            case "chat.postMessage" -> postMessage(exchange, uri, body);
            case "conversations.history", "conversations.replies" -> read(exchange, method, uri, body);
            case "users.info" -> userInfo(exchange, uri, body);
            default -> respond(exchange, method, uri, body, 200, "{\"ok\":false,\"error\":\"unknown_method\"}");
        }
    }

    /** As Slack answers {@code users.info}: the user object, its profile's e-mail only with users:read.email. */
    private void userInfo(HttpExchange exchange, URI uri, String body) throws IOException {
        String user = query(uri.getRawQuery()).get("user");
        String known = users.get(user);
        respond(exchange, "users.info", uri, body, 200, known != null ? "{\"ok\":true,\"user\":" + known + "}"
                : "{\"ok\":false,\"error\":\"user_not_found\"}");
    }

    private void read(HttpExchange exchange, String method, URI uri, String body) throws IOException {
        Map<String, String> query = query(uri.getRawQuery());
        String channel = query.get("channel");
        String ts = query.get("ts");
        if (unknownChannels.contains(channel)) {
            respond(exchange, method, uri, body, 200, "{\"ok\":false,\"error\":\"channel_not_found\"}");
            return;
        }
        List<JsonNode> found = new ArrayList<>();
        String parent = messages.get(channel + "/" + ts);
        if (parent != null) {
            found.add(JSON.readTree(parent));
        }
        if (method.equals("conversations.history")) {
            respond(exchange, method, uri, body, 200, page(found, 0, found.size(), false).toString());
            return;
        }
        posts.stream().filter(post -> post.path("channel").asText().equals(channel) && post.path("thread_ts").asText().equals(ts))
                .sorted(Comparator.comparing(post -> post.path("ts").asText()))
                .forEach(found::add);
        int from = query.containsKey("cursor") ? Integer.parseInt(new String(Base64.getDecoder().decode(query.get("cursor")), UTF_8).substring(7)) : 0;
        int limit = Math.min(PAGE_SIZE, Integer.parseInt(query.getOrDefault("limit", "1000")));
        respond(exchange, method, uri, body, 200, page(found, from, limit, "true".equals(query.get("include_all_metadata"))).toString());
    }

    private static ObjectNode page(List<JsonNode> found, int from, int limit, boolean withMetadata) {
        ObjectNode answer = JSON.createObjectNode();
        answer.put("ok", true);
        ArrayNode page = answer.putArray("messages");
        int to = Math.min(found.size(), from + limit);
        for (JsonNode message : found.subList(Math.min(from, to), to)) {
            ObjectNode copy = message.deepCopy();
            copy.remove("channel");
            if (!withMetadata) {
                copy.remove("metadata");
            }
            page.add(copy);
        }
        answer.put("has_more", to < found.size());
        answer.putObject("response_metadata").put("next_cursor",
                to < found.size() ? Base64.getEncoder().encodeToString(("offset:" + to).getBytes(UTF_8)) : "");
        return answer;
    }

    private void postMessage(HttpExchange exchange, URI uri, String body) throws IOException {
        JsonNode request = JSON.readTree(body);
        String channel = request.path("channel").asText("");
        String text = request.path("text").asText("");
        if (channel.isEmpty() || unknownChannels.contains(channel)) {
            respond(exchange, "chat.postMessage", uri, body, 200, "{\"ok\":false,\"error\":\"channel_not_found\"}");
            return;
        }
        if (text.isBlank()) {
            respond(exchange, "chat.postMessage", uri, body, 200, "{\"ok\":false,\"error\":\"no_text\"}");
            return;
        }
        AtomicInteger limited = rateLimited.get(channel);
        if (limited != null && limited.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            exchange.getResponseHeaders().add("Retry-After", Integer.toString(retryAfterSeconds.get(channel)));
            respond(exchange, "chat.postMessage", uri, body, 429, "");
            return;
        }
        ObjectNode post = JSON.createObjectNode();
        post.put("type", "message");
        post.put("text", text);
        post.put("user", BOT_USER);
        post.put("bot_id", BOT_ID);
        post.put("app_id", APP_ID);
        String ts = Instant.now().getEpochSecond() + "." + String.format("%06d", sequence.incrementAndGet() % 1_000_000);
        post.put("ts", ts);
        post.put("team", TEAM);
        post.putObject("bot_profile").put("id", BOT_ID).put("app_id", APP_ID).put("name", "Madoguchi").put("team_id", TEAM);
        if (request.hasNonNull("thread_ts")) {
            post.put("thread_ts", request.get("thread_ts").asText());
        }
        if (request.has("metadata")) {
            post.set("metadata", request.get("metadata"));
        }
        post.put("channel", channel);
        posts.add(post);
        AtomicInteger drops = dropsAfterPosting.get(channel);
        if (drops != null && drops.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            calls.add(new Call(Instant.now(), "chat.postMessage", uri.getRawQuery(), body, 0));
            exchange.close();
            return;
        }
        ObjectNode answer = JSON.createObjectNode();
        answer.put("ok", true);
        answer.put("channel", channel);
        answer.put("ts", ts);
        ObjectNode message = post.deepCopy();
        message.remove("channel");
        answer.set("message", message);
        respond(exchange, "chat.postMessage", uri, body, 200, answer.toString());
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> query = new HashMap<>();
        for (String pair : raw == null ? new String[0] : raw.split("&")) {
            String[] kv = pair.split("=", 2);
            query.put(kv[0], kv.length == 2 ? java.net.URLDecoder.decode(kv[1], UTF_8) : "");
        }
        return query;
    }

    private void respond(HttpExchange exchange, String method, URI uri, String requestBody, int status, String body) throws IOException {
        calls.add(new Call(Instant.now(), method, uri.getRawQuery(), requestBody, status));
        byte[] bytes = body.getBytes(UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
