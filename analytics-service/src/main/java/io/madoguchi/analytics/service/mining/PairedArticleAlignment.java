package io.madoguchi.analytics.service.mining;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Learns which Japanese term an English one translates from the help centre's articles that are translations of each
 * other: within a pair, the terms that weigh most in the Japanese article and in the English one are linked, strongest
 * first and each term at most once (competitive linking), as long as the two weigh enough together over all pairs.
 * Terms that both languages' articles already share (a glossary concept, "API", "Slack") are not linked again.
 */
public final class PairedArticleAlignment {

    /** Only an article's heaviest terms are linked: they say what it is about; the rest would link at random. */
    private static final int TERMS_PER_ARTICLE = 8;

    private final double linkAt;

    /** @param linkAt the summed product of two terms' TF-IDF weights in paired articles at which they are linked */
    public PairedArticleAlignment(double linkAt) {
        this.linkAt = linkAt;
    }

    /**
     * @param articles the articles, with their language and pair key
     * @param terms each article's terms (title and body), in the same order
     * @return links from a term to the term of the other language it stands for
     */
    public Map<String, String> links(List<FaqMiner.Article> articles, List<List<String>> terms) {
        TermVectors space = new TermVectors(terms);
        Map<String, List<Integer>> japanese = new HashMap<>();
        Map<String, List<Integer>> english = new HashMap<>();
        Set<String> japaneseTerms = new HashSet<>();
        Set<String> englishTerms = new HashSet<>();
        for (int a = 0; a < articles.size(); a++) {
            FaqMiner.Article article = articles.get(a);
            boolean isJapanese = article.japanese();
            (isJapanese ? japaneseTerms : englishTerms).addAll(terms.get(a));
            if (article.pair() != null) {
                (isJapanese ? japanese : english).computeIfAbsent(article.pair(), p -> new ArrayList<>()).add(a);
            }
        }
        Set<String> shared = new HashSet<>(japaneseTerms);
        shared.retainAll(englishTerms);

        Map<List<String>, Double> strength = new LinkedHashMap<>();
        japanese.forEach((pair, jas) -> english.getOrDefault(pair, List.of()).forEach(en -> jas.forEach(ja -> {
            Map<String, Double> jaWeights = heaviest(space.vector(terms.get(ja)), shared);
            Map<String, Double> enWeights = heaviest(space.vector(terms.get(en)), shared);
            jaWeights.forEach((j, wj) -> enWeights.forEach((e, we) -> strength.merge(List.of(j, e), wj * we, Double::sum)));
        })));

        Map<String, String> links = new HashMap<>();
        Set<String> linked = new HashSet<>();
        strength.entrySet().stream().filter(s -> s.getValue() >= linkAt)
                .sorted(Map.Entry.<List<String>, Double>comparingByValue().reversed().thenComparing(s -> String.join("\t", s.getKey())))
                .forEach(s -> {
                    String ja = s.getKey().get(0);
                    String en = s.getKey().get(1);
                    if (linked.contains(ja) || linked.contains(en) || concept(ja) && concept(en)) {
                        return;
                    }
                    linked.add(ja);
                    linked.add(en);
                    // a concept keeps its name: the other term joins it
                    if (concept(ja)) {
                        links.put(en, ja);
                    } else {
                        links.put(ja, en);
                    }
                });
        return links;
    }

    private static Map<String, Double> heaviest(Map<String, Double> vector, Set<String> shared) {
        Map<String, Double> top = new LinkedHashMap<>();
        vector.entrySet().stream().filter(e -> !shared.contains(e.getKey()))
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(TERMS_PER_ARTICLE).forEach(e -> top.put(e.getKey(), e.getValue()));
        return top;
    }

    private static boolean concept(String term) {
        return term.startsWith("@");
    }
}
