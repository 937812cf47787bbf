package io.madoguchi.ingest.service.email;

import java.util.Locale;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

/** Tells auto-replies and bounces from mail a person wrote, by the headers RFC 3834 and mailers set. */
final class AutomatedMail {

    private AutomatedMail() {
    }

    /** @return why the mail is automated (a stable reason for the admin API), or null */
    static String reason(MimeMessage message) throws MessagingException {
        String autoSubmitted = header(message, "Auto-Submitted");
        if (autoSubmitted != null && !autoSubmitted.startsWith("no")) {
            return "auto-submitted";
        }
        if (header(message, "X-Autoreply") != null || header(message, "X-Autorespond") != null) {
            return "x-autoreply";
        }
        String precedence = header(message, "Precedence");
        if (precedence != null && (precedence.equals("bulk") || precedence.equals("auto_reply") || precedence.equals("junk"))) {
            return "precedence-" + precedence.replace('_', '-');
        }
        String type = message.getContentType();
        if (type != null && type.toLowerCase(Locale.ROOT).startsWith("multipart/report")) {
            return "delivery-report";
        }
        String returnPath = header(message, "Return-Path");
        if ("<>".equals(returnPath)) {
            return "null-sender";
        }
        return null;
    }

    private static String header(MimeMessage message, String name) throws MessagingException {
        String value = message.getHeader(name, ",");
        return value == null ? null : value.strip().toLowerCase(Locale.ROOT);
    }
}
