package io.madoguchi.ingest.service.intake;

import java.util.List;
import java.util.Map;

import io.madoguchi.ingest.events.InquiryReceived.Requester;
import io.madoguchi.ingest.events.InquiryReceived.ThreadRefs;

/**
 * What a channel adapter makes of a payload: everything of the inquiry event except what intake assigns
 * (id, time, revision). A null conversation key means the inquiry starts its own conversation.
 */
public record Normalized(
        String channelMessageId,
        String conversationKey,
        ThreadRefs threadRefs,
        Requester requester,
        List<String> recipients,
        String subject,
        String body,
        List<AttachmentData> attachments,
        Map<String, Object> metadata) {

    public Normalized {
        recipients = recipients == null ? List.of() : List.copyOf(recipients);
        attachments = attachments == null ? List.of() : List.copyOf(attachments);
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }

    public record AttachmentData(String filename, String contentType, long size, String sha256, byte[] content) {
    }
}
