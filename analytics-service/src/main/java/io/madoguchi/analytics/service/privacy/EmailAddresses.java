package io.madoguchi.analytics.service.privacy;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** E-mail addresses, Japanese domains and plus tags included. */
final class EmailAddresses {

    /**
     * ASCII local part and top-level domain, labels in between ASCII or Japanese (例え.jp): Japanese text runs on
     * without spaces (アドレスをhanako@example.jpから), and a script change ends the address.
     */
    private static final Pattern ADDRESS = Pattern.compile(
            "[A-Za-z0-9._%+-]+@(?:(?:[A-Za-z0-9-]++|[\\p{IsHan}\\p{IsHiragana}\\p{IsKatakana}ー]++)\\.)+[A-Za-z]{2,}(?![A-Za-z])");

    private EmailAddresses() {
    }

    static void find(Redactions found) {
        Matcher m = ADDRESS.matcher(found.text());
        while (m.find()) {
            found.take(m.start(), m.end(), Redactor.EMAIL);
        }
    }
}
