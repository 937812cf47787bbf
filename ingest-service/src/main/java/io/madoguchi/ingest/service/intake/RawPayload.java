package io.madoguchi.ingest.service.intake;

/**
 * A payload exactly as it arrived, after its signature or key was verified.
 *
 * @param source     who sent it: an API key's source, a Slack team, a LINE channel, a mailbox
 * @param dedupeKey  the channel's delivery id (Slack event_id, LINE webhookEventId, Message-ID, Idempotency-Key):
 *                   a second payload with the same key from the same source is the same inquiry; null if none
 */
public record RawPayload(String source, String channel, String contentType, byte[] bytes, String dedupeKey) {
}
