package io.madoguchi.ingest.service.slack;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;

/** The Slack Web API calls intake needs: a single message by channel and ts, a person by user id. The base URL is configurable. */
@ApplicationScoped
public class SlackWebApi {

    private final SlackSettings settings;
    private final ObjectMapper mapper;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public SlackWebApi(SlackSettings settings, ObjectMapper mapper) {
        this.settings = settings;
        this.mapper = mapper;
    }

    /** A transient failure (network, 429, 5xx): try again later. */
    public static class Unavailable extends RuntimeException {
        Unavailable(String message) {
            super(message, null, false, false);
        }
    }

    /** Slack answered, but not with the message (deleted, no access): retrying will not help. */
    public static class Refused extends RuntimeException {
        Refused(String message) {
            super(message, null, false, false);
        }
    }

    /** Top-level messages are in the channel history; thread replies only in their thread. */
    public Uni<JsonNode> message(String channel, String ts) {
        return call("conversations.history", channel, ts)
                .chain(found -> found != null ? Uni.createFrom().item(found) : call("conversations.replies", channel, ts))
                .map(found -> {
                    if (found == null) {
                        throw new Refused("message " + channel + "/" + ts + " not found");
                    }
                    return found;
                });
    }

    /** {@code users.info}: the user object (name, real name, profile with display name, and e-mail with users:read.email). */
    public Uni<JsonNode> user(String userId) {
        return get("users.info", "user=" + encode(userId)).map(body -> body.path("user"));
    }

    private Uni<JsonNode> call(String method, String channel, String ts) {
        String query = "channel=" + encode(channel) + "&ts=" + encode(ts) + "&latest=" + encode(ts) + "&oldest=" + encode(ts)
                + "&inclusive=true&limit=1";
        return get(method, query).map(body -> {
            for (JsonNode message : body.path("messages")) {
                if (ts.equals(message.path("ts").asText())) {
                    return message;
                }
            }
            return null;
        });
    }

    private Uni<JsonNode> get(String method, String query) {
        String token = settings.botToken.orElseThrow(() -> new Refused("madoguchi.slack.bot-token is not set"));
        HttpRequest request = HttpRequest.newBuilder(URI.create(settings.apiUrl + "/" + method + "?" + query))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + token)
                .GET().build();
        // the JDK client completes on its own threads; what follows (the database) must run on the caller's Vert.x context
        Context caller = Vertx.currentContext();
        return Uni.createFrom().completionStage(() -> http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()))
                .emitOn(task -> {
                    if (caller == null) {
                        task.run();
                    } else {
                        caller.runOnContext(ignored -> task.run());
                    }
                })
                .onFailure(IOException.class).transform(e -> new Unavailable(method + ": " + e))
                .map(response -> {
                    if (response.statusCode() == 429 || response.statusCode() >= 500) {
                        throw new Unavailable(method + " answered " + response.statusCode());
                    }
                    JsonNode body;
                    try {
                        body = mapper.readTree(response.body());
                    } catch (IOException e) {
                        throw new Unavailable(method + " answered something that is not JSON");
                    }
                    if (!body.path("ok").asBoolean()) {
                        String error = body.path("error").asText("unknown");
                        if (error.equals("ratelimited") || error.equals("internal_error") || error.equals("fatal_error")) {
                            throw new Unavailable(method + ": " + error);
                        }
                        throw new Refused(method + ": " + error);
                    }
                    return body;
                });
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, UTF_8);
    }
}
