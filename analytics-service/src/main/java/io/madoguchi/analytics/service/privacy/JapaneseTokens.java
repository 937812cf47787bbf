package io.madoguchi.analytics.service.privacy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.ja.JapaneseTokenizer;
import org.apache.lucene.analysis.ja.tokenattributes.PartOfSpeechAttribute;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;

/**
 * A text's morphemes as Kuromoji (IPADIC) cuts them, each with its part of speech ({@code 名詞-固有名詞-人名-姓}),
 * punctuation and whitespace included. The dictionary is loaded once; a tokenizer is not thread-safe, so the analyzer
 * keeps one per thread and reuses it.
 */
final class JapaneseTokens {

    record Token(String surface, String partOfSpeech, int start, int end) {

        boolean is(String partOfSpeechPrefix) {
            return partOfSpeech != null && partOfSpeech.startsWith(partOfSpeechPrefix);
        }

        boolean isSpace() {
            return surface.isBlank();
        }
    }

    private static final Analyzer MORPHEMES = new Analyzer() {
        @Override
        protected TokenStreamComponents createComponents(String fieldName) {
            return new TokenStreamComponents(new JapaneseTokenizer(null, false, JapaneseTokenizer.Mode.NORMAL));
        }
    };

    private JapaneseTokens() {
    }

    /** No tokens for a text without kana or kanji: Kuromoji finds nothing in English that the Latin finders do not. */
    static List<Token> of(String text) {
        if (text.codePoints().noneMatch(JapaneseTokens::japanese)) {
            return List.of();
        }
        List<Token> tokens = new ArrayList<>();
        try (TokenStream stream = MORPHEMES.tokenStream("text", text)) {
            CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
            PartOfSpeechAttribute pos = stream.addAttribute(PartOfSpeechAttribute.class);
            OffsetAttribute offset = stream.addAttribute(OffsetAttribute.class);
            stream.reset();
            while (stream.incrementToken()) {
                tokens.add(new Token(term.toString(), pos.getPartOfSpeech(), offset.startOffset(), offset.endOffset()));
            }
            stream.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return tokens;
    }

    static boolean japanese(int c) {
        Character.UnicodeScript script = Character.UnicodeScript.of(c);
        return script == Character.UnicodeScript.HAN || script == Character.UnicodeScript.HIRAGANA
                || script == Character.UnicodeScript.KATAKANA;
    }
}
