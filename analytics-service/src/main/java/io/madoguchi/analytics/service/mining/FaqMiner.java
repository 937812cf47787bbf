package io.madoguchi.analytics.service.mining;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Finds the questions that keep coming back: clusters solved tickets' (redacted) questions, labels each cluster by
 * its heaviest terms, and checks each against the help articles; a cluster no article is similar enough to is an
 * FAQ candidate.
 */
public final class FaqMiner {

    public record Question(long ticketId, String text, String answer, String macro, Instant solvedAt) {
    }

    /**
     * A help article; {@code language} (ja, en, …; null: told by its script) and {@code pair}, a key its translations share
     * (null: none), let mining learn from translations which terms mean the same.
     */
    public record Article(String id, String title, String body, String url, String language, String pair) {

        boolean japanese() {
            return language == null ? TextAnalysis.japanese(title + body) : language.startsWith("ja");
        }
    }

    /** Recurring questions: a label of top terms, volume over the window and its two halves, examples, and coverage. */
    public record Topic(List<String> label, int size, int earlier, int recent, String trend, List<Question> representatives,
            List<String> answers, String topMacro, Article coveredBy, double coverage, List<Long> memberIds) {
    }

    /**
     * @param joinAt similarity a question needs to a cluster's centre to join it
     * @param mergeAt similarity at which two clusters' centres merge
     * @param attachAt similarity to a recurring topic's centre at which a question left alone joins it
     * @param coveredAt similarity between a cluster's centre and an article at which the article covers the cluster
     * @param minSize fewer questions than this are not a recurring topic
     * @param alignment how Japanese and English terms are made to meet
     * @param linkAt the strength at which terms of translated articles are linked ({@link PairedArticleAlignment})
     */
    public record Settings(double joinAt, double mergeAt, int rounds, double attachAt, double coveredAt, int minSize,
            Alignment alignment, double linkAt) {
        public static final Settings DEFAULT = new Settings(0.3, 0.4, 3, 0.12, 0.4, 3, Alignment.ALL, 0.05);

        public Settings with(Alignment other) {
            return new Settings(joinAt, mergeAt, rounds, attachAt, coveredAt, minSize, other, linkAt);
        }
    }

    /** Where the terms that mean the same in Japanese and English come from. */
    public enum Alignment {
        /** Nowhere: each language's terms are its own. */
        NONE(false, false, false),
        /** The glossary shipped with the service. */
        GLOSSARY(true, false, false),
        /** Learned at mining time from the help articles that are translations of each other. */
        ARTICLE_PAIRS(false, true, false),
        /** The dictionary shipped with the service, each Japanese term translated to a word the English questions use. */
        DICTIONARY(false, false, true),
        /** The glossary, then what the article pairs add. */
        GLOSSARY_AND_PAIRS(true, true, false),
        /** The glossary, then what the article pairs add, then the dictionary for the Japanese terms still unaligned. */
        ALL(true, true, true);

        private final boolean glossary;
        private final boolean learned;
        private final boolean dictionary;

        Alignment(boolean glossary, boolean learned, boolean dictionary) {
            this.glossary = glossary;
            this.learned = learned;
            this.dictionary = dictionary;
        }
    }

    private final TextAnalysis analysis;
    private final Glossary glossary;
    private final DictionaryAlignment dictionary;
    private final Settings settings;

    public FaqMiner(TextAnalysis analysis, Glossary glossary, Settings settings) {
        this.analysis = analysis;
        this.glossary = glossary;
        this.dictionary = new DictionaryAlignment(analysis);
        this.settings = settings;
    }

    /** Recurring topics among the questions solved in [from, to), most asked first, each with its best article. */
    public List<Topic> topics(List<Question> questions, List<Article> articles, Instant from, Instant to) {
        List<List<TextAnalysis.Token>> tokens = questions.stream().map(q -> analysis.tokens(q.text())).toList();
        List<List<TextAnalysis.Token>> articleTokens = articles.stream().map(a -> analysis.tokens(a.title() + "\n" + a.title() + "\n" + a.body())).toList();
        TermAlignment alignment = alignment(questions, tokens, articles, articleTokens);
        List<List<String>> terms = tokens.stream().map(ts -> aligned(ts, alignment)).toList();
        TermVectors space = new TermVectors(terms);
        List<Map<String, Double>> vectors = terms.stream().map(space::vector).toList();
        List<Map<String, Double>> articleVectors = articleTokens.stream().map(ts -> space.vector(aligned(ts, alignment))).toList();
        Map<String, String> surfaces = surfaces(tokens, alignment);
        Instant middle = from.plus(Duration.between(from, to).dividedBy(2));

        List<Topic> topics = new ArrayList<>();
        for (QuestionClusters.Cluster cluster : new QuestionClusters(settings.joinAt(), settings.mergeAt(), settings.rounds(), settings.attachAt(), settings.minSize()).cluster(vectors)) {
            if (cluster.members().size() < settings.minSize()) {
                continue;
            }
            List<Integer> byCloseness = cluster.members().stream()
                    .sorted(Comparator.comparingDouble((Integer i) -> -TermVectors.cosine(vectors.get(i), cluster.centroid()))).toList();
            int recent = (int) cluster.members().stream().filter(i -> !questions.get(i).solvedAt().isBefore(middle)).count();
            int earlier = cluster.members().size() - recent;
            int bestArticle = -1;
            double coverage = 0;
            for (int a = 0; a < articles.size(); a++) {
                double similarity = TermVectors.cosine(cluster.centroid(), articleVectors.get(a));
                if (similarity > coverage) {
                    coverage = similarity;
                    bestArticle = a;
                }
            }
            topics.add(new Topic(label(cluster.centroid(), surfaces), cluster.members().size(), earlier, recent, trend(earlier, recent),
                    byCloseness.stream().limit(3).map(questions::get).toList(),
                    byCloseness.stream().map(i -> questions.get(i).answer()).filter(Objects::nonNull).distinct().limit(3).toList(),
                    topMacro(cluster.members().stream().map(i -> questions.get(i).macro()).toList()),
                    coverage >= settings.coveredAt() ? articles.get(bestArticle) : null, Math.round(coverage * 1000) / 1000.0,
                    byCloseness.stream().map(i -> questions.get(i).ticketId()).toList()));
        }
        topics.sort(Comparator.comparingInt((Topic t) -> -t.size()).thenComparingInt(t -> -t.recent()));
        return topics;
    }

    private TermAlignment alignment(List<Question> questions, List<List<TextAnalysis.Token>> tokens, List<Article> articles,
            List<List<TextAnalysis.Token>> articleTokens) {
        TermAlignment alignment = new TermAlignment(settings.alignment().glossary ? glossary.concepts() : Map.of());
        if (settings.alignment().learned) {
            TermAlignment glossaryOnly = alignment;
            List<List<String>> terms = articleTokens.stream().map(ts -> aligned(ts, glossaryOnly)).toList();
            alignment = alignment.with(new PairedArticleAlignment(settings.linkAt()).links(articles, terms));
        }
        if (settings.alignment().dictionary) {
            Set<String> japanese = new HashSet<>();
            Set<String> english = new HashSet<>();
            for (int q = 0; q < questions.size(); q++) {
                boolean japaneseQuestion = TextAnalysis.japanese(questions.get(q).text());
                for (TextAnalysis.Token token : tokens.get(q)) {
                    if (TextAnalysis.japanese(token.term())) {
                        japanese.add(token.term());
                    } else if (!japaneseQuestion) {
                        english.add(alignment.align(token.term()));
                    }
                }
            }
            alignment = alignment.with(dictionary.links(japanese, english, alignment));
        }
        return alignment;
    }

    private static List<String> aligned(List<TextAnalysis.Token> tokens, TermAlignment alignment) {
        return tokens.stream().map(t -> alignment.align(t.term())).toList();
    }

    static String trend(int earlier, int recent) {
        double ratio = (recent + 1.0) / (earlier + 1.0);
        return ratio >= 1.5 ? "rising" : ratio <= 1 / 1.5 ? "falling" : "steady";
    }

    private static List<String> label(Map<String, Double> centroid, Map<String, String> surfaces) {
        Set<String> label = new LinkedHashSet<>();
        centroid.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .forEach(e -> {
                    if (label.size() < 4) {
                        label.add(surfaces.getOrDefault(e.getKey(), e.getKey()));
                    }
                });
        return List.copyOf(label);
    }

    /** The most frequent word each (aligned) term came from in each language, the more frequent first: "請求 / invoice". */
    private static Map<String, String> surfaces(List<List<TextAnalysis.Token>> tokens, TermAlignment alignment) {
        Map<String, Map<String, Integer>> counts = new HashMap<>();
        tokens.forEach(ts -> ts.forEach(t -> counts.computeIfAbsent(alignment.align(t.term()), k -> new HashMap<>()).merge(t.surface(), 1, Integer::sum)));
        return counts.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> surface(e.getValue())));
    }

    private static String surface(Map<String, Integer> words) {
        Comparator<Map.Entry<String, Integer>> moreFrequent = Map.Entry.<String, Integer>comparingByValue().reversed()
                .thenComparing(Map.Entry.comparingByKey());
        return words.entrySet().stream()
                .collect(Collectors.groupingBy(w -> TextAnalysis.japanese(w.getKey())))
                .values().stream().map(sameLanguage -> sameLanguage.stream().sorted(moreFrequent).findFirst().orElseThrow())
                .sorted(moreFrequent).map(Map.Entry::getKey).collect(Collectors.joining(" / "));
    }

    private static String topMacro(List<String> macros) {
        return macros.stream().filter(Objects::nonNull).collect(Collectors.groupingBy(m -> m, Collectors.counting()))
                .entrySet().stream().max(Map.Entry.<String, Long>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
                .map(Map.Entry::getKey).orElse(null);
    }
}
