package io.madoguchi.analytics.service.privacy;

import java.util.List;

import io.madoguchi.analytics.service.privacy.JapaneseTokens.Token;

/**
 * Replaces the personal data it recognises in text before it is mined or exported: e-mail addresses, bank accounts
 * (Japanese and IBAN), My Numbers, payment card numbers, phone numbers, postal addresses, the requester's known name
 * and other people's names (Japanese ones by Kuromoji's part of speech and the words around them, Latin ones by the
 * words around them, and the name that signs a message). The raw archive keeps the originals. What each kind catches,
 * what it misses and how well it does on labelled texts: analytics-service/README.md, "Personal data".
 */
public final class Redactor {

    public static final String EMAIL = "[email]";
    public static final String PHONE = "[phone]";
    public static final String CARD = "[card]";
    public static final String NAME = "[name]";
    public static final String ADDRESS = "[address]";
    public static final String ACCOUNT = "[account]";
    public static final String MY_NUMBER = "[my-number]";

    private Redactor() {
    }

    /** The text with the personal data found replaced by placeholders ({@link #NAME}…); {@code requesterName} may be null. */
    public static String redact(String text, String requesterName) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        return find(text, requesterName).redacted();
    }

    /**
     * What {@link #redact} replaces, in the text with its digits folded (same length as the original). The order
     * matters: a finder does not see what an earlier one took, so identifiers with a check digit go before the patterns
     * that would take their digits for something else (an IBAN's digits for a card, a My Number's 0123-4567-8901 for a
     * phone number), and addresses before names (中村区 is not a person).
     */
    static Redactions find(String text, String requesterName) {
        Redactions found = new Redactions(foldDigits(text));
        EmailAddresses.find(found);
        BankAccounts.find(found);
        MyNumbers.find(found);
        CardNumbers.find(found);
        PhoneNumbers.find(found);
        List<Token> tokens = JapaneseTokens.of(found.text());
        PostalAddresses.find(found, tokens);
        RequesterName.find(found, requesterName);
        Signatures.find(found, tokens);
        LabelledNames.find(found);
        JapaneseNames.find(found, tokens);
        LatinNames.find(found);
        return found;
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
