package io.madoguchi.ingest.service.email;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.madoguchi.ingest.service.intake.Normalized.AttachmentData;
import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.ParseException;

/** Reads a raw RFC 5322 mail with Jakarta Mail: headers, the text a person wrote, and its attachments. */
public class MailParser {

    private static final Session SESSION = Session.getInstance(new Properties());
    private static final Pattern MESSAGE_ID = Pattern.compile("<([^<>\\s]+)>");

    /**
     * Jakarta Mail looks up a service provider for every MIME part it reads (a millisecond or more each), so 1 MB of tiny
     * parts would hold a thread for minutes and fill the heap with part objects. No person's mail has this many parts.
     */
    static final int MAX_PARTS = 1_000;
    static final int DEFAULT_MAX_REFERENCES = 100;

    private final int maxReferences;

    public MailParser() {
        this(DEFAULT_MAX_REFERENCES);
    }

    /** @param maxReferences how many References ids a mail keeps: its root and the newest (ticket-service looks each up) */
    public MailParser(int maxReferences) {
        if (maxReferences < 2) {
            throw new IllegalArgumentException("madoguchi.email.max-references must be 2 or more, not " + maxReferences);
        }
        this.maxReferences = maxReferences;
    }

    public ParsedMail parse(byte[] raw) throws InvalidMailException {
        if (delimiterLines(raw) > MAX_PARTS) {
            throw new InvalidMailException("the mail has more than " + MAX_PARTS + " MIME parts");
        }
        try {
            MimeMessage message = new MimeMessage(SESSION, new ByteArrayInputStream(raw));
            String fromHeader = message.getHeader("From", ",");
            InternetAddress from = from(fromHeader);
            Content content = new Content();
            collect(message, content);
            boolean quotesRemoved = content.htmlQuotesRemoved;
            String text = content.text.toString().replace("\r\n", "\n").replace('\r', '\n');
            String subject = subject(message);
            ForwardedMail.Forward forward = ForwardedMail.find(text, subject).orElse(null);
            QuotedHistory.Result body = QuotedHistory.strip(forward == null ? text : forward.content());
            String bodyText = forward == null || forward.note().isEmpty() ? body.text()
                    : QuotedHistory.strip(forward.note()).text() + "\n\n" + body.text();
            return new ParsedMail(
                    firstId(message.getHeader("Message-ID", null)),
                    firstId(message.getHeader("In-Reply-To", null)),
                    rootAndNewest(allIds(message.getHeader("References", " ")), maxReferences),
                    from.getAddress().toLowerCase(Locale.ROOT),
                    HeaderText.displayName(fromHeader),
                    recipients(message),
                    subject,
                    bodyText,
                    quotesRemoved || body.stripped(),
                    AutomatedMail.reason(message),
                    content.attachments,
                    sentAt(message),
                    content.report.build(),
                    forward);
        } catch (MessagingException e) {
            throw new InvalidMailException("the mail's MIME structure cannot be read: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new InvalidMailException("the mail's content cannot be decoded: " + e.getMessage(), e);
        }
    }

    /** Lines that start with "--": every MIME boundary is one (and so, rarely, is a line of text), so at least parts + 1. */
    private static int delimiterLines(byte[] raw) {
        int lines = 0;
        for (int i = 0; i + 1 < raw.length; i++) {
            if (raw[i] == '-' && raw[i + 1] == '-' && (i == 0 || raw[i - 1] == '\n')) {
                lines++;
            }
        }
        return lines;
    }

    private static InternetAddress from(String header) throws InvalidMailException {
        if (header == null || header.isBlank()) {
            throw new InvalidMailException("the mail has no From header");
        }
        try {
            InternetAddress[] addresses = InternetAddress.parseHeader(HeaderText.utf8(header), false);
            if (addresses.length == 0 || addresses[0].getAddress() == null || !addresses[0].getAddress().contains("@")) {
                throw new InvalidMailException("the From header holds no mail address: " + header);
            }
            return addresses[0];
        } catch (AddressException e) {
            throw new InvalidMailException("the From header is not an address: " + header, e);
        }
    }

    private static final class Content {
        final StringBuilder text = new StringBuilder();
        final List<AttachmentData> attachments = new ArrayList<>();
        final DeliveryReport.Builder report = new DeliveryReport.Builder();
        boolean htmlQuotesRemoved;
        boolean inReport;
    }

    private static void collect(Part part, Content content) throws MessagingException, IOException, InvalidMailException {
        ContentType type = contentType(part);
        String baseType = type.getBaseType().toLowerCase(Locale.ROOT);
        if (baseType.startsWith("multipart/")) {
            content.inReport |= baseType.equals("multipart/report");
            Multipart multipart = multipart(part);
            if (baseType.equals("multipart/alternative")) {
                collect(preferredAlternative(multipart), content);
                return;
            }
            for (int i = 0; i < multipart.getCount(); i++) {
                collect(multipart.getBodyPart(i), content);
            }
            return;
        }
        if (reportPart(part, baseType, content)) {
            return;
        }
        boolean attachment = Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition()) || part.getFileName() != null
                || !baseType.startsWith("text/");
        if (!attachment && (baseType.equals("text/plain") || baseType.equals("text/html"))) {
            String text = decode(part, type);
            if (baseType.equals("text/html")) {
                HtmlText.Result html = HtmlText.of(text);
                content.htmlQuotesRemoved |= html.quotesRemoved();
                text = html.text();
            }
            if (!text.isBlank()) {
                if (!content.text.isEmpty()) {
                    content.text.append("\n\n");
                }
                content.text.append(text.strip());
            }
            return;
        }
        content.attachments.add(attachment(part, baseType, content.attachments.size()));
    }

    /**
     * The machine-readable parts of a delivery status notification are read for what failed, not kept as attachments
     * nor as text; a returned mail stays an attachment, and names the original Message-ID.
     */
    private static boolean reportPart(Part part, String baseType, Content content) throws MessagingException, IOException {
        switch (baseType) {
            case "message/delivery-status", "message/global-delivery-status" -> {
                content.report.status(new String(bytes(part), StandardCharsets.UTF_8));
                return true;
            }
            case "text/rfc822-headers", "message/global-headers" -> {
                content.report.originalMessageId = originalMessageId(bytes(part));
                return true;
            }
            case "message/rfc822" -> {
                if (content.inReport && content.report.originalMessageId == null) {
                    content.report.originalMessageId = originalMessageId(bytes(part));
                }
                return false;
            }
            default -> {
                return false;
            }
        }
    }

    private static String originalMessageId(byte[] headers) throws MessagingException {
        return firstId(new InternetHeaders(new ByteArrayInputStream(headers)).getHeader("Message-ID", null));
    }

    private static byte[] bytes(Part part) throws MessagingException, IOException {
        try (InputStream in = part.getInputStream()) {
            return in.readAllBytes();
        }
    }

    private static Multipart multipart(Part part) throws MessagingException, IOException, InvalidMailException {
        Object body = part.getContent();
        if (!(body instanceof Multipart multipart)) {
            throw new InvalidMailException("a multipart part has no parts");
        }
        multipart.getCount(); // parses it, so a missing boundary shows here
        return multipart;
    }

    /** Plain text where the sender wrote one, else the richest part we can turn into text. */
    private static BodyPart preferredAlternative(Multipart alternatives) throws MessagingException, InvalidMailException {
        BodyPart fallback = null;
        for (int i = 0; i < alternatives.getCount(); i++) {
            BodyPart candidate = alternatives.getBodyPart(i);
            String type = contentType(candidate).getBaseType().toLowerCase(Locale.ROOT);
            if (type.equals("text/plain")) {
                return candidate;
            }
            if (type.equals("text/html") || type.startsWith("multipart/") || fallback == null) {
                fallback = candidate;
            }
        }
        if (fallback == null) {
            throw new InvalidMailException("a multipart/alternative part has no parts");
        }
        return fallback;
    }

    private static ContentType contentType(Part part) throws MessagingException, InvalidMailException {
        String header = part.getContentType();
        try {
            return new ContentType(header == null ? "text/plain" : header);
        } catch (ParseException e) {
            throw new InvalidMailException("a Content-Type cannot be read: " + header, e);
        }
    }

    private static String decode(Part part, ContentType type) throws MessagingException, IOException, InvalidMailException {
        byte[] bytes;
        try (InputStream in = part.getInputStream()) {
            bytes = in.readAllBytes();
        }
        String name = type.getParameter("charset");
        if (name == null || name.isBlank()) {
            return utf8OrLatin1(bytes);
        }
        Charset charset = MailCharsets.forMimeName(name).orElseThrow(() -> new InvalidMailException("unsupported charset " + name.strip()));
        return new String(bytes, charset);
    }

    /** Mail without a charset is US-ASCII by the RFC, but in practice often UTF-8 or Latin-1. */
    private static String utf8OrLatin1(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }
    }

    private static AttachmentData attachment(Part part, String baseType, int index) throws MessagingException, IOException {
        byte[] bytes;
        try (InputStream in = part.getInputStream()) {
            bytes = in.readAllBytes();
        }
        String filename = HeaderText.unstructured(part.getFileName());
        if (filename == null || filename.isBlank()) {
            filename = baseType.equals("message/rfc822") ? "attached-" + (index + 1) + ".eml" : "attachment-" + (index + 1);
        }
        return new AttachmentData(filename, baseType, bytes.length, sha256(bytes), bytes);
    }

    private static String subject(MimeMessage message) throws MessagingException {
        String subject = message.getHeader("Subject", null);
        return subject == null ? null : HeaderText.unstructured(subject).strip();
    }

    private static List<String> recipients(MimeMessage message) throws MessagingException {
        List<String> recipients = new ArrayList<>();
        for (Message.RecipientType type : List.of(Message.RecipientType.TO, Message.RecipientType.CC)) {
            String header = message.getHeader(type.toString(), ",");
            if (header == null) {
                continue;
            }
            try {
                for (Address address : InternetAddress.parseHeader(HeaderText.utf8(header), false)) {
                    if (address instanceof InternetAddress internet && internet.getAddress() != null) {
                        recipients.add(internet.getAddress().toLowerCase(Locale.ROOT));
                    }
                }
            } catch (AddressException e) {
                // a malformed recipient list does not make the sender's question unreadable
            }
        }
        return recipients.stream().distinct().toList();
    }

    private static Instant sentAt(MimeMessage message) {
        try {
            return message.getSentDate() == null ? null : message.getSentDate().toInstant();
        } catch (MessagingException e) {
            return null;
        }
    }

    static String firstId(String header) {
        List<String> ids = allIds(header);
        return ids.isEmpty() ? null : ids.get(0);
    }

    /** The first id (the thread's root, the conversation key) and the last ones, as RFC 5322 (3.6.4) trims a long list. */
    static List<String> rootAndNewest(List<String> ids, int max) {
        if (ids.size() <= max) {
            return ids;
        }
        List<String> kept = new ArrayList<>(max);
        kept.add(ids.get(0));
        kept.addAll(ids.subList(ids.size() - (max - 1), ids.size()));
        return kept;
    }

    static List<String> allIds(String header) {
        List<String> ids = new ArrayList<>();
        if (header != null) {
            Matcher m = MESSAGE_ID.matcher(header);
            while (m.find()) {
                ids.add(m.group(1));
            }
        }
        return ids;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
