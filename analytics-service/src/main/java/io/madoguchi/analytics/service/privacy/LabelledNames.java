package io.madoguchi.analytics.service.privacy;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names after a label that says what follows is one: 氏名：, お名前：, フリガナ：, 担当：, 申込者：, 口座名義 (also with は or a
 * space), Attn., Contact:. Up to three words of kanji, katakana or capitalised Latin; a team (担当：サポート部) stays.
 */
final class LabelledNames {

    private static final String CJK_WORD = "[\\p{IsHan}\\p{IsKatakana}ー々ヶ]{1,10}";
    private static final String WORD = "(?:" + CJK_WORD + "|" + LatinNames.WORD + ")";
    private static final Pattern LABELLED = Pattern.compile(
            "(?:(?:氏名|お名前|名前|フリガナ|ふりがな|カナ|宛名|担当者?|申込者名?|予約者名?|契約者名?|差出人|送り主|受取人|依頼者|購入者)\\s*[:：]"
                    + "|(?:口座名義|名義人?)\\s*(?:[:：]|は|\\s)|(?i:attn\\.?|attention:|contact:|name:))\\s*"
                    + "(?<name>" + WORD + "(?:[ \u3000]" + WORD + "){0,2})");
    /** Kanji, so taken along with the name (氏名：山田太郎様); it stays. */
    private static final Pattern HONORIFIC = Pattern.compile("[ \u3000]?(?:様|殿|宛)$");
    private static final Pattern TEAM = Pattern.compile("サポート|センター|チーム|窓口|会社|部$|課$|室$|係$|(?i:support|team)");

    private LabelledNames() {
    }

    static void find(Redactions found) {
        Matcher m = LABELLED.matcher(found.text());
        while (m.find()) {
            String name = HONORIFIC.matcher(m.group("name")).replaceFirst("");
            if (!name.isEmpty() && !TEAM.matcher(name).find() && LatinNames.isName(name)) {
                found.take(m.start("name"), m.start("name") + name.length(), Redactor.NAME);
            }
        }
    }
}
