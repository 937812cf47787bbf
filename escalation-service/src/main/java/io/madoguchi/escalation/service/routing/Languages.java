package io.madoguchi.escalation.service.routing;

/** The language of a ticket's text, by its script: enough to route Japanese and English apart. */
final class Languages {

    private Languages() {
    }

    static String guess(String text) {
        boolean latin = false;
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            if (c < 0x80) {
                // ASCII, most of an English text: no script lookup
                latin |= c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z';
                i++;
                continue;
            }
            Character.UnicodeScript script = Character.UnicodeScript.of(c);
            if (script == Character.UnicodeScript.HIRAGANA || script == Character.UnicodeScript.KATAKANA
                    || script == Character.UnicodeScript.HAN) {
                return "ja";
            }
            latin |= script == Character.UnicodeScript.LATIN;
            i += Character.charCount(c);
        }
        return latin ? "en" : "und";
    }
}
