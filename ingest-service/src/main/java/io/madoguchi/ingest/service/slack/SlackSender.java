package io.madoguchi.ingest.service.slack;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.net.URI;
import java.net.URLEncoder;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.jboss.logging.Logger;

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
 * Replies in the customer's Slack thread ({@code chat.postMessage} with {@code thread_ts}), carrying our metadata
 * ({@value #METADATA_EVENT_TYPE} with the delivery id) so that the post is recognised: by {@link SlackEvents}, which
 * never takes it for an inquiry when Slack sends it back, and by a retry. Slack has no idempotency key, so a retry
 * first looks for the post in the thread ({@code conversations.replies}) and, finding it, does not post again.
 */
@ApplicationScoped
public class SlackSender implements ChannelSender {

    public static final String METADATA_EVENT_TYPE = "madoguchi_delivery";

    private static final Logger LOG = Logger.getLogger(SlackSender.class);
    /** Slack's errors that say "not now" rather than "never"; any other error is for good. */
    static final Set<String> TRANSIENT_ERRORS = Set.of("ratelimited", "rate_limited", "internal_error", "fatal_error",
            "service_unavailable", "request_timeout", "team_added_to_org");
    /** Slack advises at most 200 messages a page; a thread longer than this many pages is not searched to its end. */
    static final int PAGE_SIZE = 200;
    static final int MAX_PAGES = 50;

    private final SlackSettings settings;
    private final OutboundHttp http;
    private final OutboundTargets targets;

    public SlackSender(SlackSettings settings, OutboundHttp http, OutboundTargets targets) {
        this.settings = settings;
        this.http = http;
        this.targets = targets;
    }

    void warnAtStartup(@Observes StartupEvent started) {
        if (settings.botToken.isPresent()) {
            targets.warnIfRefused("madoguchi.slack.api-url", settings.apiUrl);
        }
    }

    @Override
    public String channel() {
        return "slack";
    }

    @Override
    public String off() {
        return settings.botToken.isPresent() ? null : "Slack delivery is off (MADOGUCHI_SLACK_BOT_TOKEN is not set)";
    }

    @Override
    public Uni<String> send(Delivery delivery) {
        // <channel>/<thread_ts>, as DeliveryAddresses wrote it
        int slash = delivery.recipient.indexOf('/');
        if (slash <= 0 || slash == delivery.recipient.length() - 1) {
            return Uni.createFrom().failure(new SendOutcome.ChannelRefusal(
                    SendOutcome.permanent("the recipient " + delivery.recipient + " names no Slack channel and thread")));
        }
        String channel = delivery.recipient.substring(0, slash);
        String threadTs = delivery.recipient.substring(slash + 1);
        // a retry: the attempt before may have posted and died before it learnt so
        Uni<String> earlier = delivery.attempts > 1 ? earlierPost(channel, threadTs, delivery, null, 1) : Uni.createFrom().nullItem();
        return earlier.chain(ts -> ts != null ? Uni.createFrom().item(ts) : post(channel, threadTs, delivery));
    }

    private Uni<String> post(String channel, String threadTs, Delivery delivery) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("channel", channel);
        message.put("thread_ts", threadTs);
        message.put("text", escaped(delivery.body));
        message.put("metadata", Map.of("event_type", METADATA_EVENT_TYPE, "event_payload", Map.of("delivery_id", delivery.id.toString())));
        return http.postJson("Slack chat.postMessage", URI.create(settings.apiUrl + "/chat.postMessage"), authorization(), http.json(message))
                .map(answer -> {
                    JsonNode body = ok(answer);
                    String ts = body.path("ts").asText("");
                    if (ts.isEmpty()) {
                        throw answer.refusedForGood("ok, but without the ts of the message");
                    }
                    return ts;
                });
    }

    /**
     * @return the ts of the post of this delivery in the thread, or null when there is none or the thread cannot be
     *         read for good (then posting is all that is left; its own answer tells)
     */
    private Uni<String> earlierPost(String channel, String threadTs, Delivery delivery, String cursor, int page) {
        String query = "channel=" + encode(channel) + "&ts=" + encode(threadTs) + "&include_all_metadata=true&limit=" + PAGE_SIZE
                + (cursor == null ? "" : "&cursor=" + encode(cursor));
        return http.get("Slack conversations.replies", URI.create(settings.apiUrl + "/conversations.replies?" + query), authorization())
                .map(answer -> {
                    try {
                        return ok(answer);
                    } catch (SendOutcome.ChannelRefusal refusal) {
                        if (!refusal.outcome().permanent()) {
                            throw refusal;
                        }
                        LOG.warnf("Delivery %s: the Slack thread %s/%s cannot be read to look for an earlier post (%s); posting",
                                delivery.id, channel, threadTs, refusal.getMessage());
                        return null;
                    }
                })
                .chain(body -> {
                    if (body == null) {
                        return Uni.createFrom().nullItem();
                    }
                    for (JsonNode message : body.path("messages")) {
                        JsonNode metadata = message.path("metadata");
                        if (METADATA_EVENT_TYPE.equals(metadata.path("event_type").asText())
                                && delivery.id.toString().equals(metadata.path("event_payload").path("delivery_id").asText())) {
                            LOG.infof("Delivery %s was already posted in the Slack thread %s/%s as %s; not posting again",
                                    delivery.id, channel, threadTs, message.path("ts").asText());
                            return Uni.createFrom().item(message.path("ts").asText());
                        }
                    }
                    String next = body.path("response_metadata").path("next_cursor").asText("");
                    if (next.isEmpty()) {
                        return Uni.createFrom().nullItem();
                    }
                    if (page >= MAX_PAGES) {
                        LOG.warnf("Delivery %s: the Slack thread %s/%s has more than %d pages; posting without reading the rest",
                                delivery.id, channel, threadTs, MAX_PAGES);
                        return Uni.createFrom().nullItem();
                    }
                    return earlierPost(channel, threadTs, delivery, next, page + 1);
                });
    }

    /** @return the body of an {@code ok} answer; a refusal classified by Slack's error otherwise */
    private JsonNode ok(OutboundHttp.Answer answer) {
        JsonNode body = answer.json(http.mapper());
        if (answer.status() == 200 && body.path("ok").asBoolean(false)) {
            return body;
        }
        if (answer.status() != 200 || !body.has("ok")) {
            throw answer.refusedForGood(answer.excerpt());
        }
        String error = body.path("error").asText("unknown_error");
        String needed = body.path("needed").asText("");
        String reason = answer.what() + ": " + error + (needed.isEmpty() ? "" : " (needs the scope " + needed + ")");
        throw new SendOutcome.ChannelRefusal(TRANSIENT_ERRORS.contains(error)
                ? SendOutcome.transientFailure(reason, null) : SendOutcome.permanent(reason));
    }

    private Map<String, String> authorization() {
        return Map.of("Authorization", "Bearer " + settings.botToken.orElseThrow());
    }

    /** Slack reads &, < and > as markup (links, mentions); the agent's text is plain. */
    static String escaped(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, UTF_8);
    }
}
