package io.madoguchi.analytics.service.mining;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.ja.JapaneseAnalyzer;
import org.apache.lucene.analysis.ja.JapaneseTokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;

/**
 * Splits support text into the terms that say what it is about: Japanese through Lucene's Kuromoji analyzer (base
 * forms, particles and auxiliaries dropped), English through Lucene's English analyzer (stemmed, stop words
 * dropped), and in both the words every inquiry uses (please, help, できる, 教える) dropped too. Thread-safe.
 */
public final class TextAnalysis {

    /** A term and the word it came from, for labels people can read ("invoic" is shown as "invoice"). */
    public record Token(String term, String surface) {
    }

    private static final Set<String> JAPANESE_FILLER = Set.of("する", "できる", "ある", "いる", "なる", "くださる", "いただく", "くれる", "もらう",
            "教える", "思う", "困る", "願う", "お願い", "よう", "こと", "もの", "方法", "どう", "どこ", "なぜ", "いつ", "何", "ない", "いい",
            "わかる", "分かる", "使う", "行う", "手順", "件", "的", "中", "際", "今", "前", "後", "まだ", "すぐ", "なっ", "でき", "られる",
            "せる", "れる", "ください", "ため", "方", "場合", "状況", "確認", "原因");
    private static final CharArraySet ENGLISH_STOP = new CharArraySet(List.of("a", "an", "and", "are", "as", "at", "be", "but", "by",
            "for", "if", "in", "into", "is", "it", "no", "not", "of", "on", "or", "such", "that", "the", "their", "then", "there", "these",
            "they", "this", "to", "was", "will", "with", "i", "me", "my", "we", "our", "us", "you", "your", "please", "help", "can", "could",
            "would", "should", "need", "want", "get", "got", "know", "thank", "thanks", "hi", "hello", "do", "does", "did", "still", "yet",
            "what", "when", "where", "why", "how", "which", "who", "any", "some", "all", "from", "up", "so", "just", "now", "am", "have",
            "has", "had", "been", "since", "after", "again", "anymore", "there", "here", "out", "way", "is", "it's", "i'm", "can't", "don't",
            "cannot", "never", "also", "very", "much", "many", "every", "time", "times", "one", "new", "old", "same", "let", "were", "being",
            "may", "might", "must", "its", "them", "he", "she", "his", "her", "than", "too", "only", "about", "over", "via"), true);

    private final Analyzer japanese = new JapaneseAnalyzer(null, JapaneseTokenizer.Mode.SEARCH,
            JapaneseAnalyzer.getDefaultStopSet(), JapaneseAnalyzer.getDefaultStopTags());
    private final Analyzer english = new EnglishAnalyzer(ENGLISH_STOP);

    public List<Token> tokens(String text) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        boolean isJapanese = japanese(text);
        List<Token> tokens = new ArrayList<>();
        try (TokenStream stream = (isJapanese ? japanese : english).tokenStream("text", text)) {
            CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
            OffsetAttribute offset = stream.addAttribute(OffsetAttribute.class);
            stream.reset();
            while (stream.incrementToken()) {
                String t = term.toString();
                // (not a word like Tシャツ, which is Japanese: analysing it again would reopen the stream still open here)
                if (isJapanese && latin(t) && t.codePoints().noneMatch(TextAnalysis::japaneseScript)) {
                    // an English word in Japanese text ("Slackのnotificationsが…") is stemmed as in English text, so both meet
                    tokens.addAll(tokens(t));
                } else if (keep(t, isJapanese)) {
                    String surface = isJapanese ? t : text.substring(offset.startOffset(), offset.endOffset()).toLowerCase(java.util.Locale.ROOT);
                    tokens.add(new Token(t, surface));
                }
            }
            stream.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return tokens;
    }

    private static boolean latin(String term) {
        return term.codePoints().anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.LATIN);
    }

    private static boolean keep(String term, boolean isJapanese) {
        if (term.isEmpty() || term.codePoints().allMatch(c -> Character.isDigit(c) || !Character.isLetterOrDigit(c))) {
            return false;
        }
        if (isJapanese) {
            // one character alone is a suffix or a particle far more often than a topic (請求書 → 請求 + 書)
            return !JAPANESE_FILLER.contains(term) && term.codePointCount(0, term.length()) > 1 && !ENGLISH_STOP.contains(term);
        }
        return term.length() > 1;
    }

    /** Whether a text has kana or kanji: Japanese, or Japanese mixed with English. */
    static boolean japanese(String text) {
        return text != null && text.codePoints().anyMatch(TextAnalysis::japaneseScript);
    }

    static boolean japaneseScript(int c) {
        Character.UnicodeBlock block = Character.UnicodeBlock.of(c);
        return block == Character.UnicodeBlock.HIRAGANA || block == Character.UnicodeBlock.KATAKANA || ideograph(c);
    }

    private static boolean ideograph(int c) {
        return Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN;
    }
}
