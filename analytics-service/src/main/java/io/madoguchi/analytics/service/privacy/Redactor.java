package io.madoguchi.analytics.service.privacy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes personal data from text before it is mined or exported: e-mail addresses, phone numbers (Japanese and
 * international), payment card numbers (only digit runs that pass the Luhn check, so order numbers survive) and
 * the requester's known name. The raw archive keeps the originals.
 */
public final class Redactor {

    public static final String EMAIL = "[email]";
    public static final String PHONE = "[phone]";
    public static final String CARD = "[card]";
    public static final String NAME = "[name]";

    private static final Pattern EMAIL_ADDRESS = Pattern.compile(
            "[\\p{L}\\p{N}._%+-]+@[\\p{L}\\p{N}-]+(?:\\.[\\p{L}\\p{N}-]+)*\\.\\p{L}{2,}");
    /** 13–19 digits, optionally grouped by single spaces or hyphens. */
    private static final Pattern CARD_NUMBER = Pattern.compile("(?<![\\d])(?:\\d[ -]?){12,18}\\d(?![\\d])");
    /**
     * International (+81 90-1234-5678, +1 (555) 123-4567) or Japanese domestic numbers (090-1234-5678,
     * 03-1234-5678, 0120-123-456, 09012345678); full-width digits are folded before matching.
     */
    private static final Pattern PHONE_NUMBER = Pattern.compile(
            "(?<![\\d\\w])(?:\\+\\d{1,3}[ -]?(?:\\(\\d{1,4}\\)[ -]?)?\\d{1,4}(?:[ -]?\\d{2,4}){1,3}"
                    + "|0\\d{1,4}[- ]\\d{1,4}[- ]\\d{3,4}"
                    + "|\\(0\\d{1,4}\\)\\s?\\d{1,4}-\\d{3,4}"
                    + "|0[5789]0\\d{8}|0\\d{9})(?![\\d])");

    private Redactor() {
    }

    /** The text without personal data; {@code requesterName} may be null. */
    public static String redact(String text, String requesterName) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String folded = foldDigits(text);
        folded = EMAIL_ADDRESS.matcher(folded).replaceAll(EMAIL);
        folded = replaceCards(folded);
        folded = PHONE_NUMBER.matcher(folded).replaceAll(PHONE);
        return redactName(folded, requesterName);
    }

    private static String replaceCards(String text) {
        Matcher m = CARD_NUMBER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String digits = m.group().replaceAll("[ -]", "");
            m.appendReplacement(out, digits.length() >= 13 && luhn(digits) ? Matcher.quoteReplacement(CARD) : Matcher.quoteReplacement(m.group()));
        }
        m.appendTail(out);
        return out.toString();
    }

    static boolean luhn(String digits) {
        int sum = 0;
        boolean twice = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (twice) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            twice = !twice;
        }
        return sum % 10 == 0;
    }

    /** The whole name (also without spaces), and each part of two or more characters ("Hanako Yamada": also "Hanako", "Yamada"), ignoring case. */
    private static String redactName(String text, String name) {
        if (name == null || name.isBlank()) {
            return text;
        }
        List<String> parts = new ArrayList<>();
        parts.add(name.strip());
        String[] split = name.strip().split("[\\s\u3000・,]+");
        // Japanese names are often written without the space the profile has: 山田 花子 as 山田花子
        parts.add(String.join("", split));
        for (String part : split) {
            if (part.codePointCount(0, part.length()) >= 2) {
                parts.add(part);
            }
        }
        parts.sort(Comparator.comparingInt(String::length).reversed());
        String result = text;
        for (String part : parts) {
            boolean latin = part.chars().allMatch(c -> c < 0x3000);
            String boundary = latin ? "(?<![\\p{L}\\p{N}])" : "";
            String end = latin ? "(?![\\p{L}\\p{N}])" : "";
            result = Pattern.compile(boundary + Pattern.quote(part) + end, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE)
                    .matcher(result).replaceAll(Matcher.quoteReplacement(NAME));
        }
        return result;
    }

    /** Full-width digits and plus signs (０９０, ＋８１) as ASCII, so numbers typed on a Japanese keyboard are found too. */
    private static String foldDigits(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= '０' && c <= '９') {
                out.append((char) ('0' + (c - '０')));
            } else if (c == '＋') {
                out.append('+');
            } else if (c == '－' || c == 'ー' && i > 0 && Character.isDigit(out.charAt(out.length() - 1))
                    && i + 1 < text.length() && isDigit(text.charAt(i + 1))) {
                out.append('-');
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9' || c >= '０' && c <= '９';
    }
}
