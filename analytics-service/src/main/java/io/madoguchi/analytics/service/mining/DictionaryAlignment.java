package io.madoguchi.analytics.service.mining;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * Translates the Japanese terms of the questions mined with a Japanese–English dictionary shipped with the service
 * ({@code mining/ja-en-dictionary.tsv.gz}, from JMdict; {@code analytics-service/dictionary/} says how it is made), keeping
 * only translations the English questions use: a Japanese term is linked to the first English word of its glosses, in
 * the dictionary's order of senses, that is also a term of an English question. A dictionary offers many English words
 * for one Japanese word (保存: preservation, conservation, storage, saving); the questions themselves tell which is
 * this company's. Terms the glossary or the article pairs already align keep their link.
 */
public final class DictionaryAlignment {

    private static final String RESOURCE = "/mining/ja-en-dictionary.tsv.gz";

    private final TextAnalysis analysis;

    public DictionaryAlignment(TextAnalysis analysis) {
        this.analysis = analysis;
    }

    /**
     * @param japanese the Japanese terms to translate
     * @param english the (aligned) terms of the English questions, the only translations kept
     * @param alignment the links already made, which English glosses are put through too
     * @return links from a Japanese term to the English term it translates
     */
    public Map<String, String> links(Collection<String> japanese, Set<String> english, TermAlignment alignment) {
        Set<String> wanted = new HashSet<>();
        for (String term : japanese) {
            if (alignment.align(term).equals(term)) {
                wanted.add(term);
            }
        }
        Map<String, String> links = new HashMap<>();
        if (wanted.isEmpty() || english.isEmpty()) {
            return links;
        }
        // read at each mining, keeping only the corpus's headwords: the whole dictionary in memory would cost tens of MB
        try (InputStream file = DictionaryAlignment.class.getResourceAsStream(RESOURCE);
                BufferedReader lines = new BufferedReader(new InputStreamReader(new GZIPInputStream(file), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                int tab = line.indexOf('\t');
                String headword = line.substring(0, tab);
                if (wanted.contains(headword)) {
                    String translation = translation(line.substring(tab + 1), english, alignment);
                    if (translation != null) {
                        links.put(headword, translation);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return links;
    }

    /** The first word of the glosses ({@code sense; sense}, each {@code gloss, gloss}) that the English questions use. */
    private String translation(String senses, Set<String> english, TermAlignment alignment) {
        for (String sense : senses.split(";")) {
            for (String gloss : sense.split(",")) {
                List<TextAnalysis.Token> tokens = analysis.tokens(gloss.strip());
                for (TextAnalysis.Token token : tokens) {
                    String term = alignment.align(token.term());
                    if (english.contains(term)) {
                        return term;
                    }
                }
            }
        }
        return null;
    }
}
