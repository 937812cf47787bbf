package io.madoguchi.analytics.service.privacy;

import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.madoguchi.analytics.service.privacy.JapaneseTokens.Token;

/**
 * Japanese postal addresses, found in Kuromoji's morphemes: from a prefecture (one of the 47), a city, ward, town or
 * village (a noun before 市, 区, 町, 村, 郡) or a place name directly followed by block numbers, through the nouns and
 * numbers that follow without a break, up to the last block number (2丁目4番9号, 1-2-3, 601), then a building and
 * floor or room after it (梅田ビル5F, グリーンハイツ203号室). Without a block number it is a place, not an address, and
 * stays (東京都の助成金, 大阪府大阪市の店舗). A postal code (〒123-4567, 郵便番号 123-4567) goes with the address that
 * follows it, or alone; a bare 123-4567 only when an address follows. Romanised addresses (1-2-3 Marunouchi,
 * Chiyoda-ku, Tokyo 100-0005) by their shape.
 */
final class PostalAddresses {

    private static final Set<String> PREFECTURES = Set.of("北海道", "青森県", "岩手県", "宮城県", "秋田県", "山形県", "福島県", "茨城県", "栃木県",
            "群馬県", "埼玉県", "千葉県", "東京都", "神奈川県", "新潟県", "富山県", "石川県", "福井県", "山梨県", "長野県", "岐阜県", "静岡県", "愛知県",
            "三重県", "滋賀県", "京都府", "大阪府", "兵庫県", "奈良県", "和歌山県", "鳥取県", "島根県", "岡山県", "広島県", "山口県", "徳島県", "香川県",
            "愛媛県", "高知県", "福岡県", "佐賀県", "長崎県", "熊本県", "大分県", "宮崎県", "鹿児島県", "沖縄県");
    private static final Set<String> MUNICIPALITY = Set.of("市", "区", "町", "村", "郡");
    private static final Set<String> BLOCK_UNITS = Set.of("丁目", "番", "番地", "号", "条", "地割");
    private static final String HYPHEN = "-";
    private static final Set<String> FLOOR_UNITS = Set.of("F", "f", "Ｆ", "階", "号", "号室", "室", "棟");
    private static final List<String> BUILDING_WORDS = List.of("ビル", "マンション", "ハイツ", "タワー", "コーポ", "レジデンス", "アパート",
            "荘", "ヒルズ", "プラザ", "コート", "パレス", "ハウス", "メゾン", "ハイム", "テラス", "センター", "会館");
    private static final int MAX_LENGTH = 60;

    /** Marked (〒123-4567), labelled (郵便番号 123-4567, the number alone) or bare (123-4567). */
    private static final Pattern POSTAL_CODE = Pattern.compile(
            "(?<marked>〒\\s*\\d{3}-?\\d{4})(?!\\d)|郵便番号\\s*[:：は]?\\s*(?<labelled>\\d{3}-?\\d{4})(?!\\d)"
                    + "|(?<![\\d-])(?<bare>\\d{3}-\\d{4})(?![\\d-])");
    private static final Pattern ROMANISED = Pattern.compile(
            "(?<![\\d-])\\d{1,4}(?:-\\d{1,4}){1,3},?\\s+[A-Z][a-z]+(?:-[a-z]+)?,\\s*[A-Z][a-z]+-(?:ku|shi|cho|machi|gun|mura)"
                    + "(?:,\\s*[A-Z][a-z]+(?:-(?:to|fu|ken))?)?(?:,?\\s*〒?\\d{3}-\\d{4})?(?![\\d-])");

    private PostalAddresses() {
    }

    static void find(Redactions found, List<Token> tokens) {
        String text = found.text();
        Matcher code = POSTAL_CODE.matcher(text);
        while (code.find()) {
            String group = code.group("marked") != null ? "marked" : code.group("labelled") != null ? "labelled" : "bare";
            int addressEnd = addressStartingAt(tokens, text, skipSpaces(text, code.end()));
            if (addressEnd > 0) {
                found.take(code.start(group), addressEnd, Redactor.ADDRESS);
            } else if (!group.equals("bare")) {
                found.take(code.start(group), code.end(group), Redactor.ADDRESS);
            }
        }
        for (int i = 0; i < tokens.size(); i++) {
            int end = addressFrom(tokens, text, i);
            if (end > 0 && found.take(tokens.get(i).start(), end, Redactor.ADDRESS)) {
                while (i + 1 < tokens.size() && tokens.get(i + 1).start() < end) {
                    i++;
                }
            }
        }
        Matcher romanised = ROMANISED.matcher(text);
        while (romanised.find()) {
            found.take(romanised.start(), romanised.end(), Redactor.ADDRESS);
        }
    }

    private static int addressStartingAt(List<Token> tokens, String text, int offset) {
        for (int i = 0; i < tokens.size(); i++) {
            if (tokens.get(i).start() == offset) {
                return addressFrom(tokens, text, i);
            }
        }
        return -1;
    }

    /** The end of the address that starts with token {@code i}, or -1 when none does. */
    private static int addressFrom(List<Token> tokens, String text, int i) {
        if (!startsAddress(tokens, text, i)) {
            return -1;
        }
        int blockEnd = -1;
        for (int k = i; k < tokens.size(); k++) {
            Token t = tokens.get(k);
            if (t.end() - tokens.get(i).start() > MAX_LENGTH || !(isWord(t) || isJoiningNo(tokens, k))) {
                break;
            }
            if (isBlockNumber(tokens, k) || BLOCK_UNITS.contains(t.surface()) && k > i && tokens.get(k - 1).is("名詞-数")) {
                blockEnd = k;
            }
        }
        if (blockEnd < 0) {
            return -1;
        }
        return building(tokens, blockEnd + 1, tokens.get(blockEnd).end());
    }

    private static boolean startsAddress(List<Token> tokens, String text, int i) {
        Token t = tokens.get(i);
        if (!t.is("名詞") || t.is("名詞-数") || t.is("名詞-接尾")) {
            return false;
        }
        for (String prefecture : PREFECTURES) {
            if (text.startsWith(prefecture, t.start()) && endsAToken(tokens, i, t.start() + prefecture.length())) {
                return true;
            }
        }
        Token next = i + 1 < tokens.size() ? tokens.get(i + 1) : null;
        if (next == null) {
            return false;
        }
        if (next.is("名詞-接尾-地域") && MUNICIPALITY.contains(next.surface())) {
            return true;
        }
        // 梅田2丁目, 丸の内1-2-3; not 新宿3番出口
        Token after = i + 2 < tokens.size() ? tokens.get(i + 2) : null;
        return t.is("名詞-固有名詞-地域") && next.is("名詞-数") && after != null && (after.surface().equals("丁目") || after.surface().equals(HYPHEN));
    }

    private static boolean endsAToken(List<Token> tokens, int from, int offset) {
        for (int k = from; k < tokens.size() && tokens.get(k).start() < offset; k++) {
            if (tokens.get(k).end() == offset) {
                return true;
            }
        }
        return false;
    }

    /** A noun with a letter or digit in it, or the hyphen of 1-2-3 (Kuromoji calls an ASCII comma a noun too). */
    private static boolean isWord(Token t) {
        return t.is("名詞") && (t.surface().equals(HYPHEN) || t.surface().codePoints().anyMatch(Character::isLetterOrDigit));
    }

    /**
     * A number that ends the address, is followed by a block unit or hyphen (the 2 of 2丁目, 1-2) or comes after a
     * hyphen (the 3 of 1-2-3), unlike the 3 of 大阪府内3店舗.
     */
    private static boolean isBlockNumber(List<Token> tokens, int k) {
        if (!tokens.get(k).is("名詞-数")) {
            return false;
        }
        Token next = k + 1 < tokens.size() ? tokens.get(k + 1) : null;
        boolean ends = next == null || !isWord(next) || BLOCK_UNITS.contains(next.surface()) || next.surface().equals(HYPHEN);
        return ends || k >= 2 && tokens.get(k - 1).surface().equals(HYPHEN) && tokens.get(k - 2).is("名詞-数");
    }

    /** 1番地の2: の joins two numbers. */
    private static boolean isJoiningNo(List<Token> tokens, int k) {
        return tokens.get(k).surface().equals("の") && k > 0 && k + 1 < tokens.size() && tokens.get(k - 1).is("名詞")
                && tokens.get(k + 1).is("名詞-数");
    }

    /** The end of a building and floor or room after the block numbers (up to two spaces in between), or {@code end}. */
    private static int building(List<Token> tokens, int k, int end) {
        int spaces = 0;
        boolean buildingWord = false;
        int buildingEnd = end;
        for (int seen = 0; k < tokens.size() && seen < 8; k++, seen++) {
            Token t = tokens.get(k);
            if (t.isSpace()) {
                if (t.surface().contains("\n") || ++spaces > 2) {
                    break;
                }
            } else if (t.is("名詞-数")) {
                int last = k;
                while (last + 1 < tokens.size() && FLOOR_UNITS.contains(tokens.get(last + 1).surface())) {
                    last++;
                }
                if (last > k || buildingWord) {
                    return tokens.get(last).end();
                }
                break;
            } else if (t.is("名詞") && !t.is("名詞-接尾-人名")) {
                if (BUILDING_WORDS.stream().anyMatch(t.surface()::contains)) {
                    buildingWord = true;
                    buildingEnd = t.end();
                }
            } else {
                break;
            }
        }
        return buildingEnd;
    }

    private static int skipSpaces(String text, int at) {
        while (at < text.length() && (text.charAt(at) == ' ' || text.charAt(at) == '\u3000')) {
            at++;
        }
        return at;
    }
}
