package io.madoguchi.analytics.service.privacy;

import java.math.BigInteger;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Bank accounts. Japanese: a 7-digit account number after its type (普通, 当座, 貯蓄) or 口座番号 (口座番号は 1234567),
 * with the branch number before it (支店番号 123, 店番 123) taken along, and Japan Post's 記号 12345 番号 12345678; the
 * bank's and branch's names stay. English: an "ordinary account" or "account number" of 7 digits (also "account number
 * for the refund: 1234567"). IBANs, in any case and grouping, that pass the mod-97 check.
 */
final class BankAccounts {

    private static final String COLON = "\\s*[:：]?\\s*";
    private static final String IS = "\\s*(?:[:：]|は|が)?\\s*";
    private static final Pattern JAPANESE = Pattern.compile(
            "(?<![\\d])(?:(?:支店番号|支店コード|店番号?)" + COLON + "\\d{3}\\s*[、,]?\\s*)?"
                    + "(?:(?:普通|当座|貯蓄)(?:預金)?(?:口座)?\\s*[:：/／]?\\s*(?:口座番号" + IS + ")?|口座番号" + IS + "|口座[:：]\\s*)"
                    + "(?:\\d{3}[- ])?\\d{7}(?!\\d)"
                    + "|記号(?:番号)?" + COLON + "1\\d{4}\\s*[-、,]?\\s*(?:番号" + COLON + ")?\\d{7,8}(?!\\d)");
    private static final Pattern ENGLISH = Pattern.compile(
            "(?i:(?:ordinary|savings|checking|current|futsu|toza)\\s+account(?:\\s+(?:number|no\\.?|#))?|account\\s+(?:number|no\\.?|#))"
                    + "(?:[^\\d\\n:]{0,24}:)?\\s*(\\d{7})(?!\\d)");
    private static final Pattern IBAN = Pattern.compile(
            "(?<![A-Za-z0-9])[A-Za-z]{2}\\d{2}(?: ?[A-Za-z0-9]{4}){2,7}(?: ?[A-Za-z0-9]{1,3})?(?![A-Za-z0-9])");
    private static final BigInteger NINETY_SEVEN = BigInteger.valueOf(97);

    private BankAccounts() {
    }

    static void find(Redactions found) {
        String text = found.text();
        Matcher m = IBAN.matcher(text);
        while (m.find()) {
            int end = longestIban(text, m.start(), m.end());
            if (end > 0) {
                found.take(m.start(), end, Redactor.ACCOUNT);
            }
        }
        m = JAPANESE.matcher(text);
        while (m.find()) {
            found.take(m.start(), m.end(), Redactor.ACCOUNT);
        }
        m = ENGLISH.matcher(text);
        while (m.find()) {
            found.take(m.start(1), m.end(1), Redactor.ACCOUNT);
        }
    }

    /** The end of the longest prefix of {@code [start, end)} that is a valid IBAN (a word may follow one), or -1. */
    private static int longestIban(String text, int start, int end) {
        for (int e = end; e - start >= 15; e--) {
            if (e == end || text.charAt(e) == ' ') {
                if (ibanValid(text.substring(start, e).replace(" ", "").toUpperCase(Locale.ROOT))) {
                    return e;
                }
            }
        }
        return -1;
    }

    static boolean ibanValid(String iban) {
        if (iban.length() < 15 || iban.length() > 34) {
            return false;
        }
        StringBuilder digits = new StringBuilder();
        for (char c : (iban.substring(4) + iban.substring(0, 4)).toCharArray()) {
            digits.append(Character.digit(c, 36));
        }
        return new BigInteger(digits.toString()).mod(NINETY_SEVEN).intValue() == 1;
    }
}
