package io.madoguchi.analytics.service.privacy;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * International (+81 90-1234-5678, +1 (555) 123-4567) or Japanese domestic phone numbers (090-1234-5678, 03-1234-5678,
 * (03) 1234-5678, 03(1234)5678, 0120-123-456, 09012345678); not a number labelled as an order or tracking number.
 */
final class PhoneNumbers {

    private static final Pattern NUMBER = Pattern.compile(
            "(?<![\\d\\w])(?:\\+\\d{1,3}[ -]?(?:\\(\\d{1,4}\\)[ -]?)?\\d{1,4}(?:[ -]?\\d{2,4}){1,3}"
                    + "|0\\d{1,4}[- ]\\d{1,4}[- ]\\d{3,4}"
                    + "|\\(0\\d{1,4}\\)\\s?\\d{1,4}-\\d{3,4}"
                    + "|0\\d{1,4}[(（]\\d{1,4}[)）]\\d{3,4}"
                    + "|0[5789]0\\d{8}|0\\d{9})(?![\\d])");

    private PhoneNumbers() {
    }

    static void find(Redactions found) {
        String text = found.text();
        Matcher m = NUMBER.matcher(text);
        while (m.find()) {
            if (!OtherNumberLabels.precede(text, m.start())) {
                found.take(m.start(), m.end(), Redactor.PHONE);
            }
        }
    }
}
