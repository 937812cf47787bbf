package io.madoguchi.analytics.service.privacy;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Payment card numbers: 13–19 digits, optionally grouped by single spaces or hyphens, that pass the Luhn check, so
 * most order numbers survive; a number labelled as something else (a JAN code, an order) stays even if it passes.
 */
final class CardNumbers {

    private static final Pattern NUMBER = Pattern.compile("(?<![\\d])(?:\\d[ -]?){12,18}\\d(?![\\d])");

    private CardNumbers() {
    }

    static void find(Redactions found) {
        String text = found.text();
        Matcher m = NUMBER.matcher(text);
        while (m.find()) {
            String digits = m.group().replaceAll("[ -]", "");
            if (luhn(digits) && !OtherNumberLabels.precede(text, m.start())) {
                found.take(m.start(), m.end(), Redactor.CARD);
            }
        }
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
}
