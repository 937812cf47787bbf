package io.madoguchi.analytics.service.mining;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

class DictionaryAlignmentTest {

    private final TextAnalysis analysis = new TextAnalysis();
    private final DictionaryAlignment dictionary = new DictionaryAlignment(analysis);

    private Set<String> englishTerms(String... questions) {
        return List.of(questions).stream().flatMap(q -> analysis.tokens(q).stream()).map(TextAnalysis.Token::term).collect(Collectors.toSet());
    }

    @Test
    void aJapaneseTermIsLinkedToTheFirstOfItsGlossesTheEnglishQuestionsUse() {
        // 保存: preservation, conservation, storage, saving, maintenance
        Map<String, String> links = dictionary.links(Set.of("保存", "監査", "コンビニ"),
                englishTerms("How long is our data kept in storage?", "Is saving a draft possible?", "Where is the audit log?",
                        "Can I pay at a convenience store?"),
                new TermAlignment(Map.of()));
        assertEquals(analysis.tokens("storage").get(0).term(), links.get("保存"), "storage comes before saving in the dictionary");
        assertEquals("audit", links.get("監査"), "inspection, the first gloss, is in no question");
        assertEquals(analysis.tokens("convenience").get(0).term(), links.get("コンビニ"), "an abbreviation's meaning is its gloss");
    }

    @Test
    void aTermNoEnglishQuestionHasATranslationForStaysAsItIs() {
        Map<String, String> links = dictionary.links(Set.of("監査", "まだ見ぬ造語"), englishTerms("Where do I change my password?"),
                new TermAlignment(Map.of()));
        assertTrue(links.isEmpty(), links.toString());
    }

    @Test
    void aTermAlreadyAlignedKeepsItsLinkAndTranslationsMeetTheGlossarysConcepts() {
        TermAlignment glossary = new TermAlignment(Glossary.load(analysis).concepts());
        Set<String> english = englishTerms("I was charged twice, I want my money back", "Can I pay at a convenience store?")
                .stream().map(glossary::align).collect(Collectors.toSet());
        Map<String, String> links = dictionary.links(Set.of("返金", "入金"), english, glossary);
        assertFalse(links.containsKey("返金"), "the glossary's 返金 is @refund already: " + links);
        // 入金: payment (into an account), deposit — and the glossary makes pay and payment one concept
        assertEquals(glossary.align(analysis.tokens("payment").get(0).term()), links.get("入金"));
    }

    @Test
    void verbsAreNotTranslated() {
        // 変える: to change, to alter, … — a verb's gloss says little about a topic, so the dictionary keeps no verb senses
        Map<String, String> links = dictionary.links(Set.of("変える"), englishTerms("I need to change the plan"), new TermAlignment(Map.of()));
        assertTrue(links.isEmpty(), links.toString());
    }
}
