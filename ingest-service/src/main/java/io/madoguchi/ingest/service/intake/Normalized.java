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

    /**
     * Text is cleaned of control characters other than tab and line breaks (NUL among them, which PostgreSQL cannot
     * store in text) and of unpaired surrogates, whatever the channel let through.
     */
    public Normalized {
        channelMessageId = clean(channelMessageId);
        conversationKey = clean(conversationKey);
        requester = requester == null ? null : new Requester(clean(requester.channelUserId()), clean(requester.email()),
                clean(requester.displayName()), clean(requester.phone()));
        subject = clean(subject);
        // an e-mail with only attachments has no text: the event's body is then empty, never absent
        body = body == null ? "" : clean(body);
        recipients = recipients == null ? List.of() : recipients.stream().map(Normalized::clean).toList();
        attachments = attachments == null ? List.of() : List.copyOf(attachments);
        metadata = metadata == null ? Map.of() : cleanMap(metadata);
    }

    static String clean(String text) {
        if (text == null) {
            return null;
        }
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean control = c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == 0x7F;
            boolean lone = Character.isHighSurrogate(c) ? i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))
                    : Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(text.charAt(i - 1)));
            if (control || lone) {
                if (out == null) {
                    out = new StringBuilder(text.length()).append(text, 0, i);
                }
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? text : out.toString();
    }

    private static Map<String, Object> cleanMap(Map<String, Object> map) {
        Map<String, Object> cleaned = new java.util.LinkedHashMap<>();
        map.forEach((k, v) -> cleaned.put(clean(k), cleanValue(v)));
        return java.util.Collections.unmodifiableMap(cleaned);
    }

    @SuppressWarnings("unchecked")
    private static Object cleanValue(Object value) {
        if (value instanceof String s) {
            return clean(s);
        }
        if (value instanceof Map<?, ?> m) {
            return cleanMap((Map<String, Object>) m);
        }
        if (value instanceof List<?> l) {
            return l.stream().map(Normalized::cleanValue).toList();
        }
        return value;
    }

    public record AttachmentData(String filename, String contentType, long size, String sha256, byte[] content) {

        /** An attachment with its size and SHA-256 digest (lower-case hex) taken from its bytes. */
        public static AttachmentData of(String filename, String contentType, byte[] content) {
            try {
                String digest = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(content));
                return new AttachmentData(filename, contentType, content.length, digest, content);
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
