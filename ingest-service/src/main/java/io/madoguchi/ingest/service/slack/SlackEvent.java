package io.madoguchi.ingest.service.slack;

import io.madoguchi.ingest.service.intake.Normalized;

/** What an Events API payload asks of us. */
public sealed interface SlackEvent {

    String CONTENT_TYPE = "application/vnd.slack.event+json";

    /** Slack checks the endpoint when the app is configured: answer the challenge. */
    record UrlVerification(String challenge) implements SlackEvent {
    }

    /** Not for us: another channel, a bot, our own echo, another reaction. Answered 200 so Slack stops. */
    record Ignored(String why) implements SlackEvent {
    }

    /** A message in a support channel. */
    record Message(String team, String dedupeKey, Normalized inquiry) implements SlackEvent {
    }

    /**
     * A message edited by its author ({@code message_changed}): the inquiry taken from it, if any, is normalized again
     * from the edit. {@code editedTs} orders edits; Slack may deliver them late or twice.
     */
    record Edit(String team, String dedupeKey, String editedTs, Normalized inquiry) implements SlackEvent {
    }

    /** The configured reaction on a message: the message must be fetched through the Web API first. */
    record Reaction(String team, String dedupeKey) implements SlackEvent {
    }
}
