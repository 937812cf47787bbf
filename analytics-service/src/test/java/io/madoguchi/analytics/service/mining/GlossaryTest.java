package io.madoguchi.analytics.service.mining;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class GlossaryTest {

    private final TextAnalysis analysis = new TextAnalysis();

    @Test
    void theShippedGlossaryLoadsAndJoinsJapaneseAndEnglishWordsInOneConcept() {
        Glossary glossary = Glossary.load(analysis);
        assertTrue(glossary.concepts().size() > 300, "terms: " + glossary.concepts().size());
        assertEquals("@refund", glossary.concepts().get("返金"));
        assertEquals("@refund", glossary.concepts().get("refund"));
        assertEquals("@bill", glossary.concepts().get("invoic"), "English words are stemmed as the analyzer stems them");
        assertEquals("@member", glossary.concepts().get("メンバ"), "Japanese words as Kuromoji gives them");
    }

    @Test
    void aWordThatIsNotOneTermOrIsInTwoConceptsIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> Glossary.parse(List.of("x\tお願いします\tplease"), analysis));
        assertThrows(IllegalArgumentException.class, () -> Glossary.parse(List.of("a\t返金\trefund", "b\t払い戻し\trefunds"), analysis));
    }

    @Test
    void englishWordsInJapaneseTextAreStemmedAsInEnglishText() {
        assertEquals(List.of("notif", "連携"), analysis.tokens("notificationsの連携").stream().map(TextAnalysis.Token::term).toList());
    }
}
