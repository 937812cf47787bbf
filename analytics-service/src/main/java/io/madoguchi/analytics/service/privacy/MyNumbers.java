package io.madoguchi.analytics.service.privacy;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Japan's My Number (個人番号): 12 digits, alone or grouped 4-4-4 by spaces or hyphens, whose last digit is the check
 * digit of the other eleven. A number that fails the check, or is labelled as an order or tracking number, stays.
 */
final class MyNumbers {

    /** Not part of a longer digit run, grouped or not (a card number holds 4-4-4 too). */
    private static final Pattern NUMBER = Pattern.compile(
            "(?<![\\d+])(?<!\\d[ -])(\\d{4})([ -]?)(\\d{4})\\2(\\d{4})(?!\\d)(?![ -]\\d)");

    private MyNumbers() {
    }

    static void find(Redactions found) {
        String text = found.text();
        Matcher m = NUMBER.matcher(text);
        while (m.find()) {
            if (valid(m.group(1) + m.group(3) + m.group(4)) && !OtherNumberLabels.precede(text, m.start())) {
                found.take(m.start(), m.end(), Redactor.MY_NUMBER);
            }
        }
    }

    /**
     * The check digit as the Cabinet Office defines it: the n-th digit from the right of the first eleven (n = 1…11)
     * weighs n + 1 up to n = 6 and n − 5 after; the check digit is 11 − (sum mod 11), or 0 when the remainder is 0 or 1.
     */
    static boolean valid(String twelveDigits) {
        int sum = 0;
        for (int n = 1; n <= 11; n++) {
            int digit = twelveDigits.charAt(11 - n) - '0';
            sum += digit * (n <= 6 ? n + 1 : n - 5);
        }
        int remainder = sum % 11;
        int check = remainder <= 1 ? 0 : 11 - remainder;
        return twelveDigits.charAt(11) - '0' == check;
    }
}
