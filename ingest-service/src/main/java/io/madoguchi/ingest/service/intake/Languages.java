package io.madoguchi.ingest.service.intake;

/**
 * A script-based guess at the language, enough for routing rules: kana means Japanese; other CJK ideographs
 * without kana are also taken as Japanese (this is a Japanese-market product); Latin letters mean English.
 * {@code und} when nothing decides. Replace with a real detector when a third language matters.
 */
final class Languages {

    private Languages() {
    }

    static String guess(String subject, String body) {
        String text = (subject == null ? "" : subject) + " " + (body == null ? "" : body);
        boolean latin = false;
        boolean cjk = false;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            if (cp < 0x80) {
                // ASCII, most of an English text: no script lookup
                latin |= cp >= 'A' && cp <= 'Z' || cp >= 'a' && cp <= 'z';
                i++;
                continue;
            }
            Character.UnicodeScript script = Character.UnicodeScript.of(cp);
            if (script == Character.UnicodeScript.HIRAGANA || script == Character.UnicodeScript.KATAKANA) {
                return "ja";
            }
            cjk |= script == Character.UnicodeScript.HAN;
            latin |= script == Character.UnicodeScript.LATIN;
            i += Character.charCount(cp);
        }
        return cjk ? "ja" : latin ? "en" : "und";
    }
}
