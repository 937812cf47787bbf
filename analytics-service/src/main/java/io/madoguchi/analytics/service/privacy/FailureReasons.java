package io.madoguchi.analytics.service.privacy;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the reason a delivery failed (the channel's own answer, e.g. {@code 550 5.1.1 <hanako@example.jp>: user unknown})
 * into one that can be kept and counted: what {@link Redactor} removes (e-mail addresses, phone numbers, names…), ids
 * (UUIDs, Message-IDs, LINE and Slack ids, Slack timestamps, IP addresses) and the delivery's own recipient are replaced
 * by placeholders, so the same failure of different customers reads the same, and no address or id is kept.
 */
public final class FailureReasons {

    public static final String ID = "[id]";
    public static final String RECIPIENT = "[recipient]";
    /** The length of the column that keeps a reason; longer ones are cut (and end with an ellipsis). */
    public static final int MAX_LENGTH = 300;

    private static final String WORD = "A-Za-z0-9._-";
    /**
     * An ASCII word of 8 or more characters with two or more digits in it: an id of some kind. SMTP's own codes
     * ({@code 550}, {@code 5.1.1}) and words ({@code channel_not_found}, {@code RFC5321}) are shorter or have fewer digits.
     */
    private static final Pattern ID_WORD = Pattern.compile("(?<![" + WORD + "])(?=[" + WORD + "]*\\d[" + WORD + "]*\\d)[" + WORD + "]{8,}"
            + "(?![" + WORD + "])");
    private static final Pattern SPACE = Pattern.compile("\\s+");

    private FailureReasons() {
    }

    /**
     * @param reason    the reason as the channel gave it; may be null
     * @param recipient the delivery's recipient (an address, a channel, a user id), replaced wherever it is still
     *                  there after the rest; may be null
     * @return the reason without personal data or ids, whitespace collapsed, at most {@link #MAX_LENGTH} characters; null
     *         for none
     */
    public static String normalise(String reason, String recipient) {
        if (reason == null || reason.isBlank()) {
            return null;
        }
        String text = Redactor.redact(reason, null);
        text = ID_WORD.matcher(text).replaceAll(Matcher.quoteReplacement(ID));
        if (recipient != null && !recipient.isBlank()) {
            text = Pattern.compile("(?<![" + WORD + "])" + Pattern.quote(recipient.strip()) + "(?![" + WORD + "])",
                    Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE).matcher(text).replaceAll(Matcher.quoteReplacement(RECIPIENT));
        }
        text = SPACE.matcher(text).replaceAll(" ").strip();
        if (text.length() > MAX_LENGTH) {
            int end = MAX_LENGTH - 1;
            if (Character.isHighSurrogate(text.charAt(end - 1))) {
                end--;
            }
            text = text.substring(0, end) + "…";
        }
        return text;
    }
}
