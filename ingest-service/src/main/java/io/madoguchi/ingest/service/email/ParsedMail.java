package io.madoguchi.ingest.service.email;

import java.time.Instant;
import java.util.List;

import io.madoguchi.ingest.service.intake.Normalized.AttachmentData;

/**
 * What a mail says once decoded. Message ids are without angle brackets, addresses lower-cased;
 * {@code automated} names why the mail is an auto-reply or bounce, null for a mail a person wrote; {@code deliveryReport}
 * is what a delivery status notification says failed, null for any other mail; {@code forward} is what a forwarded
 * mail forwarded (its text is then the body), null for a mail that forwards nothing.
 */
record ParsedMail(
        String messageId,
        String inReplyTo,
        List<String> references,
        String fromAddress,
        String fromName,
        List<String> recipients,
        String subject,
        String body,
        boolean quotedHistoryStripped,
        String automated,
        List<AttachmentData> attachments,
        Instant sentAt,
        DeliveryReport deliveryReport,
        ForwardedMail.Forward forward) {
}
