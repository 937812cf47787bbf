package io.madoguchi.analytics.service.mining;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * How well a mining of labelled inquiries did, by the measures the evaluation tests print and assert:
 * <ul>
 * <li>B-cubed precision and recall of the clustering (per question: the share of its cluster that is of its topic, and
 * the share of its topic that is in its cluster; a question in no recurring cluster is a cluster of its own);
 * <li>the share of questions in a recurring cluster;
 * <li>uncovered topics at k, k the number of topics no article covers: of the first k candidates, how many distinct
 * uncovered topics they are (by their majority label), over k; with k so chosen, precision and recall at k are one number;
 * <li>covered topics leaking: covered topics whose majority cluster (the recurring cluster with most of its questions)
 * is a candidate, and those among the first three candidates;
 * <li>cross-lingual merge: of the topics asked in Japanese (a question with kana or kanji, mixed ones too) and in English,
 * the share whose majority cluster holds at least one question of each language and more than half of the topic's
 * clustered questions of each language.
 * </ul>
 */
record MiningScores(double precision, double recall, double f1, double clustered, int k, int uncoveredInTopK,
        Set<String> uncoveredMissed, Set<String> leaking, Set<String> leakingTop3, int crossLingualTopics, int crossLingualMerged,
        Set<String> notMerged, Set<String> coveredByOtherTopic, String table) {

    record Inquiry(String topic, String text) {
    }

    /** Labelled inquiries and help articles: {@code topic<TAB>text}; {@code id<TAB>covers topic<TAB>lang<TAB>pair<TAB>title<TAB>body}. */
    record LabelledSet(List<Inquiry> inquiries, List<FaqMiner.Article> articles, Map<String, String> topicOfArticle) {

        static LabelledSet read(String inquiries, String articles) {
            List<String[]> rows = rows(articles);
            return new LabelledSet(rows(inquiries).stream().map(f -> new Inquiry(f[0], f[1])).toList(),
                    rows.stream().map(f -> new FaqMiner.Article(f[0], f[4], f[5], "https://help.example.com/" + f[0], f[2],
                            f[3].isBlank() || f[3].equals("-") ? null : f[3])).toList(),
                    rows.stream().collect(Collectors.toMap(f -> f[0], f -> f[1])));
        }

        LabelledSet withArticles(List<FaqMiner.Article> others) {
            return new LabelledSet(inquiries, others, topicOfArticle);
        }

        Set<String> covered() {
            return articles.stream().map(a -> topicOfArticle.get(a.id())).filter(t -> !"none".equals(t)).collect(Collectors.toSet());
        }
    }

    private static final TextAnalysis ANALYSIS = new TextAnalysis();
    private static final Glossary GLOSSARY = Glossary.load(ANALYSIS);

    double crossLingualMerge() {
        return crossLingualTopics == 0 ? 1 : (double) crossLingualMerged / crossLingualTopics;
    }

    double uncoveredAtK() {
        return (double) uncoveredInTopK / k;
    }

    String summary() {
        return String.format("B-cubed P %.4f R %.4f F1 %.4f | clustered %.4f | uncovered topics in the top %d: %d (P@k = R@k = %.3f; missed %s)"
                + " | covered leaking %s, in the top 3 %s | cross-lingual merge %.3f (%d of %d; not merged %s) | covered by another topic's"
                + " article %s", precision, recall, f1, clustered, k, uncoveredInTopK, uncoveredAtK(), uncoveredMissed, leaking, leakingTop3,
                crossLingualMerge(), crossLingualMerged, crossLingualTopics, notMerged, coveredByOtherTopic);
    }

    /** The least each score may be: the scores measured, rounded down. */
    record Floors(double precision, double recall, double f1, double clustered, double uncoveredAtK, double crossLingualMerge) {
    }

    /** Mines the set with each alignment and prints the scores, then the default's clusters; answers the default's scores. */
    static MiningScores printed(String name, LabelledSet set) {
        for (FaqMiner.Alignment alignment : FaqMiner.Alignment.values()) {
            System.out.println(name + ", " + alignment + ": " + mine(set, FaqMiner.Settings.DEFAULT.with(alignment)).summary());
        }
        MiningScores scores = mine(set, FaqMiner.Settings.DEFAULT);
        System.out.print(scores.table());
        System.out.println(name + ": " + scores.summary());
        return scores;
    }

    void assertAtLeast(Floors floors) {
        org.junit.jupiter.api.Assertions.assertAll(summary(),
                () -> org.junit.jupiter.api.Assertions.assertTrue(precision >= floors.precision(), "precision " + precision),
                () -> org.junit.jupiter.api.Assertions.assertTrue(recall >= floors.recall(), "recall " + recall),
                () -> org.junit.jupiter.api.Assertions.assertTrue(f1 >= floors.f1(), "F1 " + f1),
                () -> org.junit.jupiter.api.Assertions.assertTrue(clustered >= floors.clustered(), "clustered " + clustered),
                () -> org.junit.jupiter.api.Assertions.assertTrue(uncoveredAtK() >= floors.uncoveredAtK(), "uncovered at k " + uncoveredAtK()),
                () -> org.junit.jupiter.api.Assertions.assertTrue(crossLingualMerge() >= floors.crossLingualMerge(),
                        "cross-lingual merge " + crossLingualMerge()),
                () -> org.junit.jupiter.api.Assertions.assertTrue(coveredByOtherTopic.isEmpty(), "covered by another topic's article"));
    }

    static MiningScores mine(LabelledSet set, FaqMiner.Settings settings) {
        Instant from = Instant.parse("2026-10-01T00:00:00Z");
        List<FaqMiner.Question> questions = new ArrayList<>();
        for (int i = 0; i < set.inquiries().size(); i++) {
            questions.add(new FaqMiner.Question(i, set.inquiries().get(i).text(), null, null, from.plus(Duration.ofHours(7L * i))));
        }
        List<FaqMiner.Topic> topics = new FaqMiner(ANALYSIS, GLOSSARY, settings).topics(questions, set.articles(), from, from.plus(Duration.ofDays(90)));
        return score(set, topics);
    }

    private static MiningScores score(LabelledSet set, List<FaqMiner.Topic> topics) {
        List<Inquiry> inquiries = set.inquiries();
        int n = inquiries.size();
        int[] clusterOf = new int[n];
        java.util.Arrays.fill(clusterOf, -1);
        for (int c = 0; c < topics.size(); c++) {
            for (long id : topics.get(c).memberIds()) {
                clusterOf[(int) id] = c;
            }
        }
        Map<String, Integer> topicSize = inquiries.stream().collect(Collectors.groupingBy(Inquiry::topic, Collectors.summingInt(i -> 1)));
        List<Map<String, Integer>> clusterTopics = topics.stream().map(t -> t.memberIds().stream()
                .collect(Collectors.groupingBy(id -> inquiries.get((int) (long) id).topic(), Collectors.summingInt(id -> 1)))).toList();

        double precision = 0;
        double recall = 0;
        int clustered = 0;
        for (int i = 0; i < n; i++) {
            String topic = inquiries.get(i).topic();
            int c = clusterOf[i];
            int same = c < 0 ? 1 : clusterTopics.get(c).get(topic);
            int size = c < 0 ? 1 : topics.get(c).size();
            precision += (double) same / size;
            recall += (double) same / topicSize.get(topic);
            clustered += c < 0 ? 0 : 1;
        }
        precision /= n;
        recall /= n;

        List<String> majority = clusterTopics.stream().map(MiningScores::majority).toList();
        Set<String> covered = set.covered();
        Set<String> uncovered = topicSize.keySet().stream().filter(t -> !covered.contains(t)).collect(Collectors.toCollection(TreeSet::new));
        List<Integer> candidates = new ArrayList<>();
        for (int c = 0; c < topics.size(); c++) {
            if (topics.get(c).coveredBy() == null) {
                candidates.add(c);
            }
        }
        int k = uncovered.size();
        Set<String> inTopK = candidates.stream().limit(k).map(majority::get).filter(uncovered::contains).collect(Collectors.toCollection(TreeSet::new));
        Set<String> missed = new TreeSet<>(uncovered);
        missed.removeAll(inTopK);

        Map<String, Integer> majorityCluster = new HashMap<>();
        for (String topic : topicSize.keySet()) {
            int best = -1;
            for (int c = 0; c < topics.size(); c++) {
                if (best < 0 || clusterTopics.get(c).getOrDefault(topic, 0) > clusterTopics.get(best).getOrDefault(topic, 0)) {
                    best = c;
                }
            }
            if (best >= 0 && clusterTopics.get(best).getOrDefault(topic, 0) > 0) {
                majorityCluster.put(topic, best);
            }
        }
        Set<String> leaking = new TreeSet<>();
        Set<String> leakingTop3 = new TreeSet<>();
        for (String topic : covered) {
            Integer c = majorityCluster.get(topic);
            if (c != null && candidates.contains(c)) {
                leaking.add(topic);
                if (candidates.indexOf(c) < 3) {
                    leakingTop3.add(topic);
                }
            }
        }

        int crossLingual = 0;
        int merged = 0;
        Set<String> notMerged = new TreeSet<>();
        for (String topic : topicSize.keySet()) {
            Map<Boolean, List<Integer>> byLanguage = new HashMap<>();
            for (int i = 0; i < n; i++) {
                if (inquiries.get(i).topic().equals(topic)) {
                    byLanguage.computeIfAbsent(japanese(inquiries.get(i).text()), l -> new ArrayList<>()).add(i);
                }
            }
            if (byLanguage.size() < 2) {
                continue;
            }
            crossLingual++;
            Integer c = majorityCluster.get(topic);
            boolean together = c != null && byLanguage.values().stream().allMatch(members -> {
                long inIt = members.stream().filter(i -> clusterOf[i] == c).count();
                long anywhere = members.stream().filter(i -> clusterOf[i] >= 0).count();
                return inIt >= 1 && inIt * 2 > anywhere;
            });
            if (together) {
                merged++;
            } else {
                notMerged.add(topic);
            }
        }

        Set<String> coveredByOther = new TreeSet<>();
        StringBuilder table = new StringBuilder();
        for (int c = 0; c < topics.size(); c++) {
            FaqMiner.Topic topic = topics.get(c);
            if (topic.coveredBy() != null && !majority.get(c).equals(set.topicOfArticle().get(topic.coveredBy().id()))) {
                coveredByOther.add(majority.get(c) + "→" + topic.coveredBy().id());
            }
            table.append(String.format("%-22s %3d  %-44s %-60s %s%n", majority.get(c), topic.size(), clusterTopics.get(c), topic.label(),
                    topic.coveredBy() == null ? "candidate " + (candidates.indexOf(c) + 1) : "covered by " + topic.coveredBy().id() + " (" + topic.coverage() + ")"));
        }
        double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        return new MiningScores(precision, recall, f1, (double) clustered / n, k, inTopK.size(), missed, leaking, leakingTop3,
                crossLingual, merged, notMerged, coveredByOther, table.toString());
    }

    private static String majority(Map<String, Integer> topics) {
        return topics.entrySet().stream().max(Map.Entry.<String, Integer>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
                .orElseThrow().getKey();
    }

    private static boolean japanese(String text) {
        return TextAnalysis.japanese(text);
    }

    private static List<String[]> rows(String resource) {
        try (InputStream in = MiningScores.class.getResourceAsStream(resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(l -> !l.isBlank() && !l.startsWith("#")).map(l -> l.split("\t")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
