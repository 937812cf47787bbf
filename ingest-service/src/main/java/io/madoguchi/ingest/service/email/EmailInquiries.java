package io.madoguchi.ingest.service.email;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.madoguchi.ingest.domain.Inquiry;
import io.madoguchi.ingest.domain.IntakeStatus;
import io.madoguchi.ingest.events.InquiryReceived.Requester;
import io.madoguchi.ingest.events.InquiryReceived.ThreadRefs;
import io.madoguchi.ingest.service.intake.Normalized;
import io.madoguchi.ingest.service.intake.Outcome;
import io.madoguchi.ingest.service.intake.PayloadNormalizer;
import io.madoguchi.ingest.service.intake.RawPayload;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Raw RFC 5322 mail, whether posted by a mail gateway or fetched from a mailbox. A mail's Message-ID makes a
 * re-delivery the same inquiry; auto-replies and bounces are recorded and flagged, never tickets.
 */
@ApplicationScoped
public class EmailInquiries implements PayloadNormalizer {

    public static final String CONTENT_TYPE = "message/rfc822";
    private static final Pattern DELIVERY_MESSAGE_ID = Pattern.compile("delivery\\.([0-9a-fA-F-]{36})@.+");

    private final MailParser parser;
    private final Set<String> companyDomains;

    public EmailInquiries(@ConfigProperty(name = "madoguchi.email.max-references", defaultValue = "100") int maxReferences,
            @ConfigProperty(name = "madoguchi.email.company-domains") Optional<List<String>> companyDomains) {
        this.parser = new MailParser(maxReferences);
        this.companyDomains = companyDomains.orElse(List.of()).stream().map(d -> d.strip().toLowerCase(Locale.ROOT))
                .filter(d -> !d.isEmpty()).collect(Collectors.toUnmodifiableSet());
    }

    public record Mail(RawPayload raw, Outcome outcome) {
    }

    /** @throws InvalidMailException when the bytes are not a mail we can read (a 400 at the door) */
    public Mail read(String mailbox, byte[] raw) throws InvalidMailException {
        ParsedMail mail = parser.parse(raw);
        String dedupeKey = mail.messageId() != null ? "message-id:" + mail.messageId() : contentKey(raw);
        return new Mail(new RawPayload(mailbox, "email", CONTENT_TYPE, raw, dedupeKey), outcome(mailbox, mail));
    }

    private Outcome outcome(String mailbox, ParsedMail mail) {
        Map<String, Object> email = new HashMap<>();
        email.put("mailbox", mailbox);
        email.put("quotedHistoryStripped", mail.quotedHistoryStripped());
        if (mail.sentAt() != null) {
            email.put("sentAt", mail.sentAt().toString());
        }
        if (mail.automated() != null) {
            email.put("automated", mail.automated());
        }
        DeliveryReport report = mail.deliveryReport();
        if (report != null) {
            Map<String, Object> bounce = new HashMap<>();
            bounce.put("failedRecipients", report.failedRecipients());
            bounce.put("reason", report.reason());
            if (report.originalMessageId() != null) {
                bounce.put("originalMessageId", report.originalMessageId());
            }
            email.put("bounce", bounce);
        }
        if (mail.forward() != null) {
            email.put("forwarded", true);
            if (mail.forward().originalAddress() != null && fromCompany(mail.fromAddress())) {
                // a colleague passed a customer's mail on: who the customer is, for the agent (and a later merge)
                Map<String, Object> hint = new HashMap<>();
                hint.put("email", mail.forward().originalAddress());
                if (mail.forward().originalName() != null) {
                    hint.put("displayName", mail.forward().originalName());
                }
                email.put("requesterHint", hint);
            }
        }
        Normalized inquiry = new Normalized(mail.messageId(), conversationKey(mail),
                new ThreadRefs(mail.messageId(), mail.inReplyTo(), mail.references(), null),
                new Requester(mail.fromAddress(), mail.fromAddress(), mail.fromName(), null),
                mail.recipients(), mail.subject(), mail.body() == null ? "" : mail.body(),
                mail.attachments(),
                Map.of("email", email));
        return mail.automated() == null
                ? new Outcome.Publish(inquiry)
                : new Outcome.Record(inquiry, IntakeStatus.automated, mail.automated(), ourDelivery(report));
    }

    private boolean fromCompany(String address) {
        int at = address == null ? -1 : address.lastIndexOf('@');
        return at >= 0 && companyDomains.contains(address.substring(at + 1));
    }

    /** A report about a mail we delivered: its Message-ID is made from the delivery id (EmailComposer). */
    private static Outcome.Bounce ourDelivery(DeliveryReport report) {
        Matcher id = report == null || report.originalMessageId() == null ? null : DELIVERY_MESSAGE_ID.matcher(report.originalMessageId());
        return id != null && id.matches() ? new Outcome.Bounce(UUID.fromString(id.group(1)), "bounced: " + report.reason()) : null;
    }

    /** The thread's root message: the first of References, else what it replies to, else itself. */
    static String conversationKey(ParsedMail mail) {
        List<String> references = mail.references();
        String root = references != null && !references.isEmpty() ? references.get(0)
                : mail.inReplyTo() != null ? mail.inReplyTo() : mail.messageId();
        return root == null ? null : "email:" + root;
    }

    @Override
    public String contentType() {
        return CONTENT_TYPE;
    }

    @Override
    public Uni<Outcome> normalize(Inquiry stored) {
        try {
            return Uni.createFrom().item(outcome(stored.source, parser.parse(stored.rawPayload)));
        } catch (InvalidMailException | RuntimeException e) {
            return Uni.createFrom().item(new Outcome.Fail(e.getMessage()));
        }
    }

    /** For mail without a Message-ID, and mail we could not read: the same bytes are the same mail. */
    public static String contentKey(byte[] raw) {
        return "sha256:" + MailParser.sha256(raw);
    }
}
