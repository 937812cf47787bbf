package io.madoguchi.ingest.service.email;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Cuts the history a mail client quotes under a reply: {@code >} lines, and everything from the first
 * reply header on ("On … wrote:", "-----Original Message-----", Outlook's From/Sent block, and their
 * Japanese forms such as "2026年1月5日(月) 10:00 山田 &lt;a@b.jp&gt;:").
 */
final class QuotedHistory {

    private static final List<Pattern> REPLY_HEADERS = List.of(
            Pattern.compile("^On\\s.+\\swrote:\\s*$", Pattern.CASE_INSENSITIVE),
            Pattern.compile("^-{2,}\\s*(Original Message|Forwarded message|元のメッセージ|転送メッセージ)\\s*-{2,}.*$", Pattern.CASE_INSENSITIVE),
            Pattern.compile("^\\d{4}\\s*年\\s*\\d{1,2}\\s*月\\s*\\d{1,2}\\s*日.*[:：]\\s*$"),
            Pattern.compile("^\\d{4}/\\d{1,2}/\\d{1,2}.*(のメール|書きました|wrote)\\s*[:：]\\s*$"),
            Pattern.compile("^.*(さんは書きました|さんが書きました)\\s*[:：]\\s*$"));
    private static final Pattern OUTLOOK_FROM = Pattern.compile("^(From|差出人)\\s*[:：].*$", Pattern.CASE_INSENSITIVE);
    private static final Pattern OUTLOOK_SENT = Pattern.compile("^(Sent|Date|送信日時|日時)\\s*[:：].*$", Pattern.CASE_INSENSITIVE);

    record Result(String text, boolean stripped) {
    }

    private QuotedHistory() {
    }

    /** @param text the mail's text with {@code \n} line ends */
    static Result strip(String text) {
        String[] lines = text.split("\n", -1);
        List<String> kept = new ArrayList<>();
        boolean stripped = false;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            String withNext = i + 1 < lines.length ? line + " " + lines[i + 1].strip() : line;
            if (isReplyHeader(line) || line.startsWith("On ") && isReplyHeader(withNext)
                    || OUTLOOK_FROM.matcher(line).matches() && i + 1 < lines.length && OUTLOOK_SENT.matcher(lines[i + 1].strip()).matches()) {
                stripped = true;
                break;
            }
            if (line.startsWith(">")) {
                stripped = true;
                continue;
            }
            kept.add(lines[i].stripTrailing());
        }
        String result = String.join("\n", kept).strip();
        return result.isEmpty() ? new Result(text.strip(), false) : new Result(result, stripped);
    }

    private static boolean isReplyHeader(String line) {
        return REPLY_HEADERS.stream().anyMatch(p -> p.matcher(line).matches());
    }
}
