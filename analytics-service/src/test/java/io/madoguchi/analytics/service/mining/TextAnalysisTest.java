package io.madoguchi.analytics.service.mining;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class TextAnalysisTest {

    private final TextAnalysis analysis = new TextAnalysis();

    private List<String> terms(String text) {
        return analysis.tokens(text).stream().map(TextAnalysis.Token::term).toList();
    }

    @Test
    void japaneseIsSegmentedByKuromojiToBaseFormsWithoutParticlesOrFiller() {
        List<String> terms = terms("請求書が届きませんでした。再送していただけますか。");
        assertTrue(terms.contains("請求"), terms.toString());
        assertTrue(terms.contains("届く"), "base form of 届きません: " + terms);
        assertTrue(terms.contains("再送"), terms.toString());
        assertTrue(terms.stream().noneMatch(t -> List.of("が", "ます", "いただく", "する").contains(t)), terms.toString());
    }

    @Test
    void englishIsStemmedWithoutStopWordsAndLabelsKeepTheWord() {
        List<TextAnalysis.Token> tokens = analysis.tokens("Please help, my invoices were never delivered!");
        assertEquals(List.of("invoic", "deliv"), tokens.stream().map(TextAnalysis.Token::term).toList());
        assertEquals(List.of("invoices", "delivered"), tokens.stream().map(TextAnalysis.Token::surface).toList());
    }

    @Test
    void latinWordsInJapaneseTextAreKept() {
        assertTrue(terms("CSVでエクスポートできません").contains("csv"));
    }

    @Test
    void aWordOfLatinAndJapaneseLettersIsOneJapaneseTerm() {
        // Kuromoji's dictionary has Tシャツ; it once failed the whole mining (a token stream opened twice)
        List<String> terms = terms("同じTシャツを30枚、bulk orderで買いたい");
        assertTrue(terms.stream().anyMatch(t -> t.contains("シャツ")), terms.toString());
        assertTrue(terms.contains("bulk") && terms.contains("order"), terms.toString());
    }
}
