package io.madoguchi.ingest.service.delivery;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jsoup.nodes.Entities;

import io.madoguchi.ingest.domain.Delivery;
import io.quarkus.mailer.Mail;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The e-mail of a delivery: from the support address of the ticket's queue (else the default one), {@code Reply-To} the ticket's own reply address (so the
 * customer's answer threads back even if the subject is changed), the ticket token {@code [#T-n]} in the subject, the
 * customer's thread in {@code In-Reply-To}/{@code References}, a Message-ID made from the delivery id (the same on a
 * retry), plain text plus the same text as escaped HTML with its links clickable, UTF-8.
 */
@ApplicationScoped
public class EmailComposer {

    private static final Pattern TOKEN = Pattern.compile("\\[#T-\\d+]");
    /** A web address in text already HTML-escaped: it ends at white space or a character escaping would have changed. */
    private static final Pattern LINK = Pattern.compile("https?://[^\\s<>\"']+");
    private static final Pattern REPLY_PREFIX = Pattern.compile("^(re|aw|sv|返信)\\s*[:：]", Pattern.CASE_INSENSITIVE);

    private final Optional<String> from;
    private final Map<String, String> fromByQueue;
    private final Optional<String> replyTo;
    private final String messageIdDomain;

    public EmailComposer(@ConfigProperty(name = "madoguchi.delivery.email.from") Optional<String> from,
            @ConfigProperty(name = "madoguchi.delivery.email.from-by-queue") Optional<List<String>> fromByQueue,
            @ConfigProperty(name = "madoguchi.delivery.email.reply-to") Optional<String> replyTo,
            @ConfigProperty(name = "madoguchi.delivery.email.message-id-domain") Optional<String> messageIdDomain) {
        this.from = from.filter(address -> !address.isBlank());
        this.fromByQueue = byQueue(fromByQueue.orElse(List.of()));
        this.replyTo = replyTo.filter(address -> !address.isBlank());
        this.messageIdDomain = messageIdDomain.filter(domain -> !domain.isBlank())
                .orElse(this.from.map(address -> address.substring(address.indexOf('@') + 1).replace(">", "").trim()).orElse("madoguchi.invalid"));
    }

    /** E-mail delivery is on once a From address is configured ({@code MADOGUCHI_DELIVERY_EMAIL_FROM}). */
    public boolean enabled() {
        return from.isPresent();
    }

    /** @return the From of mail about a ticket of the queue, or null for the default (MADOGUCHI_DELIVERY_EMAIL_FROM) */
    public String senderFor(String queue) {
        return queue == null ? null : fromByQueue.get(queue);
    }

    /** {@code queue=address} pairs; an address may carry a display name ({@code Billing <billing@example.jp>}). */
    private static Map<String, String> byQueue(List<String> pairs) {
        Map<String, String> byQueue = new HashMap<>();
        for (String pair : pairs) {
            int equals = pair.indexOf('=');
            if (equals < 1 || !pair.contains("@")) {
                throw new IllegalArgumentException("madoguchi.delivery.email.from-by-queue: '" + pair + "' is not queue=address");
            }
            byQueue.put(pair.substring(0, equals).strip(), pair.substring(equals + 1).strip());
        }
        return Map.copyOf(byQueue);
    }

    public String replySubject(String ticketSubject, long ticketId) {
        String subject = ticketSubject == null || ticketSubject.isBlank() ? "Your inquiry" : ticketSubject.strip();
        if (!REPLY_PREFIX.matcher(subject).find()) {
            subject = "Re: " + subject;
        }
        return TOKEN.matcher(subject).find() ? subject : subject + " [#T-" + ticketId + "]";
    }

    /** The Message-ID of a delivery's mail: the same for every attempt, so a resend is recognisable as one. */
    public String messageId(Delivery delivery) {
        return "<delivery." + delivery.id + "@" + messageIdDomain + ">";
    }

    /** The text as HTML: escaped, its line breaks kept, its web addresses links (a survey's one-click ratings). */
    static String html(String text) {
        String escaped = Entities.escape(text);
        return "<div style=\"white-space:pre-wrap\">" + LINK.matcher(escaped).replaceAll(link -> Matcher.quoteReplacement(
                "<a href=\"" + link.group() + "\">" + link.group() + "</a>")) + "</div>";
    }

    public Mail mail(Delivery delivery) {
        Mail mail = Mail.withText(delivery.recipient, delivery.subject, delivery.body)
                .setHtml(html(delivery.body))
                .setFrom(delivery.sender != null ? delivery.sender : from.orElseThrow())
                .addHeader("Message-ID", messageId(delivery));
        replyTo.ifPresent(address -> mail.setReplyTo(address.replace("{ticket}", Long.toString(delivery.ticketId))));
        if (delivery.inReplyTo != null) {
            mail.addHeader("In-Reply-To", delivery.inReplyTo);
            mail.addHeader("References", delivery.threadReferences);
        }
        if (delivery.kind == Delivery.Kind.ACKNOWLEDGEMENT) {
            // RFC 3834: an automatic answer, so that the customer's own auto-responder does not answer it
            mail.addHeader("Auto-Submitted", "auto-replied");
        }
        return mail;
    }
}
