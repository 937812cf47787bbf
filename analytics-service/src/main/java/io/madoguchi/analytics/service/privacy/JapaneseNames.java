package io.madoguchi.analytics.service.privacy;

import java.util.List;
import java.util.Set;

import io.madoguchi.analytics.service.privacy.JapaneseTokens.Token;

/**
 * Japanese person names by Kuromoji's part of speech (名詞-固有名詞-人名-姓/名/一般). The dictionary also tags words
 * that are not names here (森 in 森の中, ノア in ノアのケース, 住友 in 住友カード), so a name goes when:
 * <ul>
 * <li>a family name is followed by a given name (鈴木一郎, 佐藤 花子, 森本さくら, 長谷川 翼);</li>
 * <li>an honorific or title follows (様, さん, 氏, 部長, 先生), taking along the proper noun before a given name that the
 * dictionary took for a company or place (清水 誠さん, タナカ ハナコ様);</li>
 * <li>it follows 私, 担当, a department or a family word, directly or with の (私、伊藤と申します, 経理の高橋, 夫の大野);</li>
 * <li>it is a family name of two or more characters with a kanji in it, not followed by a noun that makes a company or
 * product of it (山崎パン, 住友カード and 高橋製作所 stay; in katakana it is as often a shop: ローソン).</li>
 * </ul>
 * A given name alone (ノア, アリス) needs an honorific or a cue before it. A family name the dictionary tags as a place
 * in context (ヤマダ様, 営業の松本から) goes on the same honorifics and cues.
 */
final class JapaneseNames {

    private static final String PERSON = "名詞-固有名詞-人名";
    private static final String FAMILY_NAME = "名詞-固有名詞-人名-姓";
    private static final Set<String> TITLES = Set.of("先生", "部長", "課長", "係長", "社長", "店長", "室長", "所長", "会長", "次長", "主任",
            "専務", "常務", "副社長", "取締役");
    /** After a name without being part of it (鈴木一郎名義, 佐藤宛). */
    private static final Set<String> NOT_GIVEN_NAMES = Set.of("宛", "宛て", "名義", "家");
    /** Words a person's name follows, directly or with の (私、伊藤と申します; 経理の高橋から). */
    private static final Set<String> BEFORE = Set.of("私", "わたくし", "僕", "担当", "夫", "妻", "主人", "家内", "上司", "部下", "同僚",
            "息子", "娘", "父", "母", "家族", "営業", "経理", "総務", "人事", "受付", "窓口");

    private JapaneseNames() {
    }

    static void find(Redactions found, List<Token> tokens) {
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (!t.is(PERSON) || !found.isFree(t.start(), t.end())) {
                continue;
            }
            int last = i;
            int names = 1;
            for (int k = next(tokens, last); k > 0 && tokens.get(k).is(PERSON); k = next(tokens, last)) {
                last = k;
                names++;
            }
            if (tokens.get(last).is(FAMILY_NAME)) {
                int given = givenNameAfter(tokens, last);
                if (given > 0) {
                    last = given;
                    names++;
                }
            }
            int first = i;
            boolean honorific = honorificAt(tokens, last + 1);
            int before = previous(tokens, first);
            if (honorific && t.is("名詞-固有名詞-人名-名") && before >= 0 && tokens.get(before).is("名詞-固有名詞")) {
                first = before;
            }
            boolean familyName = names == 1 && t.is(FAMILY_NAME) && t.surface().length() >= 2
                    && t.surface().codePoints().anyMatch(JapaneseNames::han) && !startsCompound(tokens, last + 1);
            if (names >= 2 || honorific || familyName || cueBefore(tokens, first)) {
                found.take(tokens.get(first).start(), tokens.get(last).end(), Redactor.NAME);
            }
            i = last;
        }
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            boolean alone = (i == 0 || !tokens.get(i - 1).is("名詞")) && (i + 1 == tokens.size() || !tokens.get(i + 1).is("名詞")
                    || honorificAt(tokens, i + 1));
            if ((t.is("名詞-固有名詞-地域") || t.is("名詞-固有名詞-一般")) && alone && (honorificAt(tokens, i + 1) || cueBefore(tokens, i))
                    && found.isFree(t.start(), t.end())) {
                found.take(t.start(), t.end(), Redactor.NAME);
            }
        }
    }

    /** The index of the token after {@code k}, skipping one space (not a line break), or -1. */
    private static int next(List<Token> tokens, int k) {
        int n = k + 1;
        if (n < tokens.size() && tokens.get(n).isSpace() && !tokens.get(n).surface().contains("\n")) {
            n++;
        }
        return n < tokens.size() ? n : -1;
    }

    private static int previous(List<Token> tokens, int k) {
        int p = k - 1;
        if (p >= 0 && tokens.get(p).isSpace() && !tokens.get(p).surface().contains("\n")) {
            p--;
        }
        return p;
    }

    /**
     * A given name the dictionary does not tag as one: two to four kana right after the family name (森本さくら) or one
     * or two kanji after a space (長谷川 翼; 小林製薬 is a company), ending the noun phrase.
     */
    private static int givenNameAfter(List<Token> tokens, int family) {
        int k = family + 1;
        boolean spaced = k < tokens.size() && tokens.get(k).isSpace() && !tokens.get(k).surface().contains("\n");
        if (spaced) {
            k++;
        }
        if (k >= tokens.size()) {
            return -1;
        }
        Token t = tokens.get(k);
        String s = t.surface();
        boolean kana = !spaced && s.length() >= 2 && s.length() <= 4 && all(s, Character.UnicodeScript.HIRAGANA);
        boolean kanji = spaced && s.length() <= 2 && all(s, Character.UnicodeScript.HAN);
        boolean noun = t.is("名詞-一般") || t.is("名詞-固有名詞");
        boolean ends = k + 1 >= tokens.size() || !tokens.get(k + 1).is("名詞") || honorificAt(tokens, k + 1);
        return (kana || kanji) && noun && !TITLES.contains(s) && !NOT_GIVEN_NAMES.contains(s) && ends ? k : -1;
    }

    private static boolean honorificAt(List<Token> tokens, int k) {
        if (k >= tokens.size()) {
            return false;
        }
        Token t = tokens.get(k);
        return t.is("名詞-接尾-人名") || TITLES.contains(t.surface());
    }

    /** A noun right after it (山崎パン, 住友カード, 高橋製作所) makes a company or product of it; a title or 宛 does not. */
    private static boolean startsCompound(List<Token> tokens, int k) {
        return k < tokens.size() && tokens.get(k).is("名詞") && !honorificAt(tokens, k) && !NOT_GIVEN_NAMES.contains(tokens.get(k).surface());
    }

    private static boolean cueBefore(List<Token> tokens, int first) {
        int k = first - 1;
        while (k >= 0 && (tokens.get(k).isSpace() || tokens.get(k).is("記号") || tokens.get(k).surface().equals("の"))) {
            k--;
        }
        // 担当者 is 担当 + 者 to Kuromoji
        if (k >= 1 && tokens.get(k).surface().equals("者")) {
            k--;
        }
        return k >= 0 && BEFORE.contains(tokens.get(k).surface());
    }

    private static boolean han(int c) {
        return Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN;
    }

    private static boolean all(String s, Character.UnicodeScript script) {
        return s.codePoints().allMatch(c -> Character.UnicodeScript.of(c) == script);
    }
}
