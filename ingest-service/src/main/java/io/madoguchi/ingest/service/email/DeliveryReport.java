package io.madoguchi.ingest.service.email;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import jakarta.mail.internet.MimeUtility;

/**
 * What a delivery status notification (RFC 3464) says failed: the recipients whose {@code Action} is {@code failed},
 * the reason (status and diagnostic) of the first, and the Message-ID of the mail it returns.
 */
record DeliveryReport(List<String> failedRecipients, String reason, String originalMessageId) {

    /** Collects the fields of {@code message/delivery-status} parts while a mail is read. */
    static final class Builder {
        private final List<String> failed = new ArrayList<>();
        private String reason;
        String originalMessageId;

        /** One {@code message/delivery-status} body: per-message fields, then one group of fields per recipient. */
        void status(String body) {
            for (String group : body.replace("\r\n", "\n").split("\n[ \t]*\n")) {
                String recipient = null;
                String action = null;
                String status = null;
                String diagnostic = null;
                for (String line : MimeUtility.unfold(group).split("\n")) {
                    int colon = line.indexOf(':');
                    if (colon < 1) {
                        continue;
                    }
                    String value = line.substring(colon + 1).strip().replaceAll("\\s+", " ");
                    switch (line.substring(0, colon).strip().toLowerCase(Locale.ROOT)) {
                        case "final-recipient" -> recipient = address(value);
                        case "action" -> action = value.toLowerCase(Locale.ROOT);
                        case "status" -> status = value;
                        case "diagnostic-code" -> diagnostic = value;
                        default -> {
                        }
                    }
                }
                if (recipient != null && "failed".equals(action)) {
                    failed.add(recipient);
                    if (reason == null) {
                        reason = recipient + ": " + (status == null ? "failed" : status) + (diagnostic == null ? "" : " " + diagnostic);
                    }
                }
            }
        }

        /** @return the report, or null when the mail reported no failed recipient */
        DeliveryReport build() {
            return failed.isEmpty() ? null : new DeliveryReport(List.copyOf(failed), reason, originalMessageId);
        }

        /** {@code rfc822; a@b} as a lower-cased address. */
        private static String address(String value) {
            int semicolon = value.indexOf(';');
            String address = (semicolon >= 0 ? value.substring(semicolon + 1) : value).strip();
            return address.replace("<", "").replace(">", "").toLowerCase(Locale.ROOT);
        }
    }
}
