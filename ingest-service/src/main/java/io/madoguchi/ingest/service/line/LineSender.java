package io.madoguchi.ingest.service.line;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.databind.JsonNode;

import io.madoguchi.ingest.domain.Delivery;
import io.madoguchi.ingest.service.delivery.ChannelSender;
import io.madoguchi.ingest.service.delivery.OutboundHttp;
import io.madoguchi.ingest.service.delivery.OutboundTargets;
import io.madoguchi.ingest.service.delivery.SendOutcome;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Pushes replies to the customer's LINE chat (user, group or room) with the Messaging API's push message. A text
 * longer than LINE's 5,000 characters becomes several messages, five to a push; each push carries an
 * {@code X-Line-Retry-Key}, the delivery id for the first and one derived from it for each further push, so that a
 * retry sends every push with the key it had before and LINE accepts none twice (it answers 409, which is success).
 */
@ApplicationScoped
public class LineSender implements ChannelSender {

    /** LINE counts a text message's characters in UTF-16 code units (an emoji outside the BMP counts 2). */
    static final int MAX_TEXT = 5000;
    static final int MESSAGES_PER_PUSH = 5;

    private final Optional<String> accessToken;
    private final String apiUrl;
    private final OutboundHttp http;
    private final OutboundTargets targets;

    public LineSender(@ConfigProperty(name = "madoguchi.line.channel-access-token") Optional<String> accessToken,
            @ConfigProperty(name = "madoguchi.line.api-url", defaultValue = "https://api.line.me") String apiUrl,
            OutboundHttp http, OutboundTargets targets) {
        this.accessToken = accessToken.filter(token -> !token.isBlank());
        this.apiUrl = apiUrl.endsWith("/") ? apiUrl.substring(0, apiUrl.length() - 1) : apiUrl;
        this.http = http;
        this.targets = targets;
    }

    void warnAtStartup(@Observes StartupEvent started) {
        if (accessToken.isPresent()) {
            targets.warnIfRefused("madoguchi.line.api-url", apiUrl);
        }
    }

    @Override
    public String channel() {
        return "line";
    }

    @Override
    public String off() {
        return accessToken.isPresent() ? null : "LINE delivery is off (MADOGUCHI_LINE_CHANNEL_ACCESS_TOKEN is not set)";
    }

    @Override
    public Uni<String> send(Delivery delivery) {
        List<String> parts = parts(delivery.body);
        List<List<String>> pushes = new ArrayList<>();
        for (int start = 0; start < parts.size(); start += MESSAGES_PER_PUSH) {
            pushes.add(parts.subList(start, Math.min(parts.size(), start + MESSAGES_PER_PUSH)));
        }
        List<String> requestIds = new ArrayList<>();
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (int i = 0; i < pushes.size(); i++) {
            int push = i;
            chain = chain.chain(() -> push(delivery, push, pushes.size(), pushes.get(push))).invoke(requestIds::add).replaceWithVoid();
        }
        return chain.map(done -> reference(requestIds));
    }

    private Uni<String> push(Delivery delivery, int push, int pushes, List<String> texts) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("to", delivery.recipient);
        body.put("messages", texts.stream().map(text -> Map.of("type", "text", "text", text)).toList());
        String what = pushes == 1 ? "LINE push" : "LINE push " + (push + 1) + " of " + pushes;
        Map<String, String> headers = Map.of("Authorization", "Bearer " + accessToken.orElseThrow(),
                "X-Line-Retry-Key", retryKey(delivery.id, push).toString());
        return http.postJson(what, URI.create(apiUrl + "/v2/bot/message/push"), headers, http.json(body)).map(answer -> {
            if (answer.status() == 200) {
                return answer.header("x-line-request-id").orElse("?");
            }
            if (answer.status() == 409) {
                // this retry key was accepted before: by an attempt whose answer we did not get
                return answer.header("x-line-accepted-request-id").or(() -> answer.header("x-line-request-id")).orElse("?");
            }
            String accepted = push == 0 ? "" : " (after " + push + " of " + pushes + " pushes were accepted)";
            if (answer.status() == 401) {
                throw answer.refusedForGood("the channel access token is invalid" + accepted);
            }
            throw answer.refusedForGood(said(answer.json(http.mapper()), answer) + accepted);
        });
    }

    /** The key of each push: the delivery id for the first, a name-based UUID of the delivery and the push for the rest. */
    static UUID retryKey(UUID deliveryId, int push) {
        return push == 0 ? deliveryId : UUID.nameUUIDFromBytes(("madoguchi-delivery:" + deliveryId + ":push:" + (push + 1)).getBytes(UTF_8));
    }

    /**
     * Cuts a text into LINE messages of at most {@value #MAX_TEXT} UTF-16 code units, after a line break in the last
     * half of a message where there is one, never between the two halves of a surrogate pair. The parts joined are the
     * text.
     */
    static List<String> parts(String text) {
        List<String> parts = new ArrayList<>();
        int start = 0;
        while (text.length() - start > MAX_TEXT) {
            int end = start + MAX_TEXT;
            int lineBreak = text.lastIndexOf('\n', end - 1);
            if (lineBreak >= start + MAX_TEXT / 2) {
                end = lineBreak + 1;
            } else if (Character.isHighSurrogate(text.charAt(end - 1)) && Character.isLowSurrogate(text.charAt(end))) {
                end--;
            }
            parts.add(text.substring(start, end));
            start = end;
        }
        parts.add(text.substring(start));
        return parts;
    }

    /** LINE's {@code message}, and the first of its {@code details} where it names a property. */
    private static String said(JsonNode body, OutboundHttp.Answer answer) {
        String message = body.path("message").asText("");
        if (message.isEmpty()) {
            return answer.excerpt();
        }
        JsonNode detail = body.path("details").path(0);
        return detail.isMissingNode() ? message
                : message + " (" + detail.path("property").asText("") + ": " + detail.path("message").asText("") + ")";
    }

    /** The request id of each push, cut short where a long reply took many pushes. */
    private static String reference(List<String> requestIds) {
        String all = String.join(" ", requestIds);
        return all.length() <= 900 ? all
                : requestIds.get(0) + " … " + requestIds.get(requestIds.size() - 1) + " (" + requestIds.size() + " pushes)";
    }
}
