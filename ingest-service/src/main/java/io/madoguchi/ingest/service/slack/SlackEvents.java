package io.madoguchi.ingest.service.slack;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.madoguchi.ingest.events.InquiryReceived.Requester;
import io.madoguchi.ingest.events.InquiryReceived.ThreadRefs;
import io.madoguchi.ingest.service.intake.Normalized;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Reads Slack Events API payloads. A message is identified by channel and ts, so a retry (same event_id), the
 * reaction added by a second person and a message that was both posted in a support channel and reacted to all
 * become one inquiry.
 */
@ApplicationScoped
public class SlackEvents {

    private final SlackSettings settings;

    public SlackEvents(SlackSettings settings) {
        this.settings = settings;
    }

    /** @throws IllegalArgumentException when a required field is missing (a 400) */
    public SlackEvent read(JsonNode payload) {
        String type = text(payload, "type");
        if ("url_verification".equals(type)) {
            return new SlackEvent.UrlVerification(required(payload, "challenge"));
        }
        if (!"event_callback".equals(type)) {
            return new SlackEvent.Ignored("payload type " + type);
        }
        String team = required(payload, "team_id");
        JsonNode event = payload.path("event");
        String eventType = required(event, "type");
        return switch (eventType) {
            case "message" -> message(team, event);
            case "reaction_added" -> reaction(team, event);
            default -> new SlackEvent.Ignored("event type " + eventType);
        };
    }

    private SlackEvent message(String team, JsonNode event) {
        String subtype = text(event, "subtype");
        if ("message_changed".equals(subtype)) {
            return edit(team, event);
        }
        if (subtype != null && !subtype.equals("file_share") && !subtype.equals("thread_broadcast")) {
            return new SlackEvent.Ignored("message subtype " + subtype);
        }
        if (event.hasNonNull("bot_id") || isOurs(text(event, "user"))) {
            return new SlackEvent.Ignored("bot message");
        }
        if (SlackSender.METADATA_EVENT_TYPE.equals(event.path("metadata").path("event_type").asText(null))) {
            // our own delivery coming back, whoever Slack says posted it
            return new SlackEvent.Ignored("our own delivery");
        }
        String channel = required(event, "channel");
        if (!settings.supportChannels.contains(channel)) {
            return new SlackEvent.Ignored("not a support channel");
        }
        return new SlackEvent.Message(team, dedupeKey(channel, required(event, "ts")),
                normalize(team, channel, event, "message", null));
    }

    private SlackEvent edit(String team, JsonNode event) {
        JsonNode edited = event.path("message");
        String channel = required(event, "channel");
        if (!settings.supportChannels.contains(channel)) {
            return new SlackEvent.Ignored("edit outside a support channel");
        }
        if (edited.hasNonNull("bot_id") || isOurs(text(edited, "user"))) {
            return new SlackEvent.Ignored("bot message edited");
        }
        String editedTs = text(edited.path("edited"), "ts");
        String before = text(event.path("previous_message"), "text");
        if (editedTs == null || Objects.equals(before, text(edited, "text"))) {
            // Slack also sends message_changed when it unfurls a link or a reply is added to the thread
            return new SlackEvent.Ignored("message changed without an edit of its text");
        }
        return new SlackEvent.Edit(team, dedupeKey(channel, required(edited, "ts")), editedTs,
                normalize(team, channel, edited, "message", null));
    }

    private SlackEvent reaction(String team, JsonNode event) {
        if (!settings.reaction.equals(text(event, "reaction"))) {
            return new SlackEvent.Ignored("another reaction");
        }
        JsonNode item = event.path("item");
        if (!"message".equals(text(item, "type"))) {
            return new SlackEvent.Ignored("reaction on a " + text(item, "type"));
        }
        return new SlackEvent.Reaction(team, dedupeKey(required(item, "channel"), required(item, "ts")));
    }

    /** Normalizes a message, as delivered by a message event or fetched through the Web API after a reaction. */
    public Normalized normalize(String team, String channel, JsonNode message, String trigger, String reactedBy) {
        String ts = required(message, "ts");
        String threadTs = text(message, "thread_ts") != null ? text(message, "thread_ts") : ts;
        String user = text(message, "user");
        Map<String, Object> slack = new HashMap<>();
        slack.put("team", team);
        slack.put("channel", channel);
        slack.put("ts", ts);
        slack.put("threadTs", threadTs);
        slack.put("trigger", trigger);
        if (reactedBy != null) {
            slack.put("reactedBy", reactedBy);
        }
        return new Normalized(channel + "/" + ts,
                "slack:" + team + "/" + channel + "/" + threadTs,
                new ThreadRefs(null, null, List.of(), threadTs),
                new Requester(user == null ? null : team + "/" + user, null, null, null),
                List.of(), null, SlackMarkup.readable(text(message, "text")), List.of(), Map.of("slack", slack));
    }

    /**
     * Whether an edit made at {@code editedTs} is newer than the payload an inquiry was normalized from: the message
     * as first posted, or an earlier edit of it.
     */
    public boolean supersedes(byte[] storedPayload, String editedTs, ObjectMapper mapper) {
        try {
            JsonNode stored = mapper.readTree(storedPayload).path("event");
            String storedEdit = "message_changed".equals(text(stored, "subtype")) ? text(stored.path("message").path("edited"), "ts") : null;
            return storedEdit == null || compareTs(editedTs, storedEdit) > 0;
        } catch (IOException | RuntimeException e) {
            return true;
        }
    }

    /** Slack's {@code ts} values ("1700000000.000100") compare as decimals. */
    public static int compareTs(String a, String b) {
        return new java.math.BigDecimal(a).compareTo(new java.math.BigDecimal(b));
    }

    static String dedupeKey(String channel, String ts) {
        return "message:" + channel + "/" + ts;
    }

    private boolean isOurs(String user) {
        return user != null && settings.botUserId.map(user::equals).orElse(false);
    }

    static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    static String required(JsonNode node, String field) {
        String value = text(node, field);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("Field '" + field + "' is required");
        }
        return value;
    }
}
