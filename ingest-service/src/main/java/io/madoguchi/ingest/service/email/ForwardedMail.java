package io.madoguchi.ingest.service.email;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A mail a colleague forwarded to support: the forwarded part is the customer's inquiry, not history to cut. Found by
 * the separator Gmail and Thunderbird write ("---------- Forwarded message ---------", "-------- 転送メッセージ --------"),
 * or, in a mail whose subject says it is a forward (Fwd:, FW:, 転送:), by Outlook's header block (From/Sent, 差出人/送信日時).
 */
final class ForwardedMail {

    /** What the forwarder wrote above it, the forwarded text, and who wrote that (address lower-cased, may be null). */
    record Forward(String note, String content, String originalAddress, String originalName) {
    }

    private static final Pattern SEPARATOR = Pattern.compile("^-{2,}\\s*(Forwarded message|転送メッセージ|転送されたメッセージ)\\s*-{2,}.*$",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern FORWARD_SUBJECT = Pattern.compile("^\\s*(fwd?|fw|転送)\\s*[:：].*", Pattern.CASE_INSENSITIVE);
    private static final Pattern FROM = Pattern.compile("^(From|差出人|送信者)\\s*[:：]\\s*(.*)$", Pattern.CASE_INSENSITIVE);
    private static final Pattern SENT = Pattern.compile("^(Sent|Date|送信日時|日時|日付)\\s*[:：].*$", Pattern.CASE_INSENSITIVE);
    private static final Pattern ADDRESS = Pattern.compile("<?([^<>\\s\"]+@[^<>\\s\"]+?)>?\\s*$");
    private static final Pattern RULE = Pattern.compile("^_{5,}\\s*$");
    private static final int MAX_HEADER_LINES = 12;

    private ForwardedMail() {
    }

    /** @param text the mail's text with {@code \n} line ends */
    static Optional<Forward> find(String text, String subject) {
        String[] lines = text.split("\n", -1);
        boolean forwardSubject = subject != null && FORWARD_SUBJECT.matcher(subject).matches();
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (SEPARATOR.matcher(line).matches()) {
                return Optional.of(forward(lines, i, i + 1));
            }
            if (forwardSubject && FROM.matcher(line).matches() && i + 1 < lines.length && SENT.matcher(lines[i + 1].strip()).matches()) {
                int noteEnd = i > 0 && RULE.matcher(lines[i - 1].strip()).matches() ? i - 1 : i;
                return Optional.of(forward(lines, noteEnd, i));
            }
        }
        return Optional.empty();
    }

    /** @param noteEnd where the forwarder's note ends; @param headers where the forwarded header block starts */
    private static Forward forward(String[] lines, int noteEnd, int headers) {
        String note = String.join("\n", List.of(lines).subList(0, noteEnd)).strip();
        String address = null;
        String name = null;
        int body = headers;
        while (body < lines.length && body - headers < MAX_HEADER_LINES && lines[body].isBlank()) {
            body++;
        }
        while (body < lines.length && body - headers < MAX_HEADER_LINES && !lines[body].isBlank()) {
            Matcher from = FROM.matcher(lines[body].strip());
            if (from.matches() && address == null) {
                String value = from.group(2).strip();
                Matcher at = ADDRESS.matcher(value);
                if (at.find()) {
                    address = at.group(1).toLowerCase(Locale.ROOT);
                    String before = value.substring(0, at.start()).strip().replaceAll("^\"|\"$", "").strip();
                    name = before.isEmpty() ? null : before;
                }
            }
            body++;
        }
        String content = String.join("\n", List.of(lines).subList(Math.min(body, lines.length), lines.length)).strip();
        return new Forward(note, content, address, name);
    }
}
