package io.madoguchi.analytics.service.privacy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.madoguchi.analytics.service.privacy.JapaneseTokens.Token;

/**
 * The sign-off block at the end of a message: what follows よろしくお願いいたします (also within a line), a line such as
 * "Best regards," or "Thanks,", or a "--" line, when it is at most eight short lines without a sentence in them. In it,
 * the signer's name is the first run of name-like words (kanji and kana nouns, capitalised Latin words) that is not
 * the team or company: words before a team word (マドグチ サポート, Madoguchi Support) or after a comma that follows
 * one (Customer Support, Madoguchi) belong to it. So マドグチ株式会社 カスタマーサポート部 stays and 佐藤 花子 in the
 * next line goes; a department after the name (Procurement) stays too.
 */
final class Signatures {

    private static final Pattern JAPANESE_SIGN_OFF = Pattern.compile(
            "(?:以上、?\\s*)?(?:今後とも|引き続き)?(?:何卒|どうぞ)?(?:よろしく|宜しく)お願い(?:いた|致)?(?:します|申し上げます)[。！!]*");
    private static final Pattern SIGN_OFF_LINE = Pattern.compile("(?im)^[ \\t]*(?:(?:(?:best|kind|warm|warmest)\\s+(?:regards|wishes)"
            + "|regards|best|thanks|thank you|many thanks|sincerely|yours sincerely|yours truly|cheers)[ \\t]*[,.!]?"
            + "|--|[-―─━=_]{3,})[ \\t]*$");
    private static final int MAX_LINES = 8;
    private static final int MAX_LINE_LENGTH = 60;
    private static final Pattern SENTENCE = Pattern.compile("[。？！?!]");

    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}ー々ヶ]+(?:['’.&-][\\p{L}\\p{N}]+)*\\.?");
    private static final Pattern WEAK_GAP = Pattern.compile("[ \u3000（）()]*");
    private static final Pattern SPACES = Pattern.compile("[ \u3000]+");
    private static final List<String> TEAM_WORDS = List.of("会社", "㈱", "センター", "チーム", "窓口", "サポート", "カスタマー", "サクセス",
            "デスク", "ヘルプ", "事務局", "グループ", "本部", "支社", "支店", "営業", "担当", "相談", "事業", "商事", "銀行", "工業", "サービス", "総務",
            "経理", "人事", "広報", "開発", "受付", "問い合わせ", "問合せ", "代表", "部長", "課長", "係長", "主任", "マネージャー", "リーダー");
    private static final Set<String> TEAM_SUFFIXES = Set.of("部", "課", "室", "係", "局", "店", "所", "社", "科", "班");
    private static final Set<String> ENGLISH_TEAM_WORDS = Set.of("support", "team", "customer", "customers", "service", "services", "desk",
            "help", "helpdesk", "center", "centre", "department", "dept", "division", "inc", "ltd", "llc", "co", "corp", "corporation",
            "company", "group", "office", "engineer", "manager", "head", "lead", "success", "sales", "billing", "operations", "care",
            "representative", "specialist", "agent", "gmbh", "plc", "k.k");
    private static final Set<String> CONTACT_LABELS = Set.of("tel", "fax", "mail", "e-mail", "email", "phone", "mobile", "url", "web", "direct",
            "携帯", "電話", "直通", "内線");

    /** TEL, Mail and the like: neither a name nor the end of one. */
    private enum Kind { NAME_LIKE, TEAM, CONTACT, OTHER }

    private record Word(int start, int end, Kind kind) {
    }

    private Signatures() {
    }

    /** The signer's name: the first name in the block; what follows it is title, department and company. */
    static void find(Redactions found, List<Token> tokens) {
        String text = found.text();
        int start = blockStart(text);
        if (start < 0) {
            return;
        }
        int lineStart = start;
        while (lineStart < text.length()) {
            int lineEnd = text.indexOf('\n', lineStart);
            lineEnd = lineEnd < 0 ? text.length() : lineEnd;
            if (nameInLine(found, text, tokens, lineStart, lineEnd)) {
                return;
            }
            lineStart = lineEnd + 1;
        }
    }

    /** Where the earliest sign-off that leaves only a signature after it ends, or -1. */
    static int blockStart(String text) {
        List<Integer> ends = new ArrayList<>();
        Matcher m = JAPANESE_SIGN_OFF.matcher(text);
        while (m.find()) {
            ends.add(m.end());
        }
        m = SIGN_OFF_LINE.matcher(text);
        while (m.find()) {
            ends.add(m.end());
        }
        return ends.stream().sorted().filter(end -> isSignature(text.substring(end))).findFirst().orElse(-1);
    }

    private static boolean isSignature(String rest) {
        List<String> lines = rest.lines().filter(l -> !l.isBlank()).toList();
        return !lines.isEmpty() && lines.size() <= MAX_LINES
                && lines.stream().allMatch(l -> l.strip().length() <= MAX_LINE_LENGTH && !SENTENCE.matcher(l).find());
    }

    /**
     * Takes the line's first run of name-like words, if only team words come before it in the line and it is not the
     * team's or company's name; true if it took one. A line with a colon is a field (担当：, 商品名:) and is left to
     * {@link LabelledNames}; a line that starts otherwise (iPhone 15 Pro, 型番 ABC-123) has no name.
     */
    private static boolean nameInLine(Redactions found, String text, List<Token> tokens, int from, int to) {
        String line = text.substring(from, to);
        if (line.contains(":") || line.contains("：")) {
            return false;
        }
        List<Word> words = new ArrayList<>();
        Matcher m = WORD.matcher(text).region(from, to);
        while (m.find()) {
            words.add(new Word(m.start(), m.end(), kind(text, tokens, m.start(), m.end())));
        }
        for (int first = 0; first < words.size(); first++) {
            if (words.get(first).kind() == Kind.OTHER) {
                return false;
            }
            if (words.get(first).kind() != Kind.NAME_LIKE) {
                continue;
            }
            int last = first;
            while (last + 1 < words.size() && words.get(last + 1).kind() == Kind.NAME_LIKE
                    && WEAK_GAP.matcher(gap(text, words, last + 1)).matches()) {
                last++;
            }
            Kind after = last + 1 < words.size() ? words.get(last + 1).kind() : null;
            boolean spaceAfter = after != null && SPACES.matcher(gap(text, words, last + 1)).matches();
            if (after == Kind.OTHER && spaceAfter) {
                return false;
            }
            boolean beforeTeam = after == Kind.TEAM && spaceAfter;
            boolean afterTeamAndComma = first > 0 && words.get(first - 1).kind() == Kind.TEAM && gap(text, words, first).strip().equals(",");
            if (!beforeTeam && !afterTeamAndComma && last - first < 4) {
                take(found, text, words.get(first).start(), words.get(last).end());
                return true;
            }
            first = last;
        }
        return false;
    }

    /** What separates word {@code i} from the one before it. */
    private static String gap(String text, List<Word> words, int i) {
        return text.substring(words.get(i - 1).end(), words.get(i).start());
    }

    /** With the closing bracket of a reading in brackets (石井 美香（イシイ ミカ）). */
    private static void take(Redactions found, String text, int start, int end) {
        String span = text.substring(start, end);
        if ((span.contains("（") || span.contains("(")) && end < text.length() && (text.charAt(end) == '）' || text.charAt(end) == ')')) {
            end++;
        }
        found.take(start, end, Redactor.NAME);
    }

    private static Kind kind(String text, List<Token> tokens, int start, int end) {
        String word = text.substring(start, end);
        String lower = word.toLowerCase(Locale.ROOT).replaceAll("\\.$", "");
        if (CONTACT_LABELS.contains(lower)) {
            return Kind.CONTACT;
        }
        if (word.codePoints().anyMatch(JapaneseTokens::japanese)) {
            return japaneseKind(word, tokens, start, end);
        }
        if (ENGLISH_TEAM_WORDS.contains(lower)) {
            return Kind.TEAM;
        }
        return (word.matches(LatinNames.WORD) || word.matches(LatinNames.INITIAL)) && LatinNames.isName(word) ? Kind.NAME_LIKE : Kind.OTHER;
    }

    private static Kind japaneseKind(String word, List<Token> tokens, int start, int end) {
        List<Token> inside = tokens.stream().filter(t -> t.start() >= start && t.end() <= end).toList();
        if (TEAM_WORDS.stream().anyMatch(word::contains)
                || inside.stream().anyMatch(t -> t.is("名詞-接尾") && TEAM_SUFFIXES.contains(t.surface()))) {
            return Kind.TEAM;
        }
        boolean nouns = !inside.isEmpty() && inside.stream().allMatch(t -> t.is("名詞") && !t.is("名詞-サ変接続") && !t.is("名詞-副詞可能")
                && !t.is("名詞-形容動詞語幹") && !t.is("名詞-代名詞") && !t.is("名詞-非自立") && !t.is("名詞-数"));
        return nouns && word.length() <= 8 ? Kind.NAME_LIKE : Kind.OTHER;
    }
}
