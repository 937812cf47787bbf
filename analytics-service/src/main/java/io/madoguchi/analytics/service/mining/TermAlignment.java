package io.madoguchi.analytics.service.mining;

import java.util.HashMap;
import java.util.Map;

/**
 * What a term stands for across languages: its glossary concept, or the English term a Japanese one was aligned to.
 * Translating a text is one lookup per term, so it costs as little as reading it.
 */
public final class TermAlignment {

    private final Map<String, String> translations;

    public TermAlignment(Map<String, String> translations) {
        this.translations = Map.copyOf(translations);
    }

    public String align(String term) {
        return translations.getOrDefault(term, term);
    }

    /** These links too, each from a term to what it now stands for; a term already aligned keeps its own. */
    public TermAlignment with(Map<String, String> links) {
        Map<String, String> all = new HashMap<>(links);
        all.putAll(translations);
        return new TermAlignment(all);
    }
}
