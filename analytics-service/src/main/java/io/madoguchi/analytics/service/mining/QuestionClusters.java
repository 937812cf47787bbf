package io.madoguchi.analytics.service.mining;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Groups questions that ask the same thing, without knowing how many topics there are: questions with many close
 * neighbours seed clusters first; each question joins the most similar cluster if that is close enough, else starts
 * its own; then a few rounds move each question to its nearest cluster centre, and clusters whose centres are
 * close merge.
 */
public final class QuestionClusters {

    public record Cluster(List<Integer> members, Map<String, Double> centroid) {
    }

    private final double joinAt;
    private final double mergeAt;
    private final int rounds;
    private final double attachAt;
    private final int minSize;

    /**
     * {@code joinAt}: the cosine similarity to a cluster's centre a question needs to join it; at the end, a question
     * left in a cluster smaller than {@code minSize} moves to the nearest larger cluster if it is {@code attachAt}
     * similar to its centre.
     */
    public QuestionClusters(double joinAt, double mergeAt, int rounds, double attachAt, int minSize) {
        this.joinAt = joinAt;
        this.mergeAt = mergeAt;
        this.rounds = rounds;
        this.attachAt = attachAt;
        this.minSize = minSize;
    }

    public List<Cluster> cluster(List<Map<String, Double>> vectors) {
        int n = vectors.size();
        int[] neighbours = new int[n];
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                if (TermVectors.cosine(vectors.get(i), vectors.get(j)) >= joinAt) {
                    neighbours[i]++;
                    neighbours[j]++;
                }
            }
        }
        List<Integer> order = IntStream.range(0, n).boxed().sorted(Comparator.comparingInt((Integer i) -> -neighbours[i])).toList();

        List<List<Integer>> groups = new ArrayList<>();
        List<Map<String, Double>> centres = new ArrayList<>();
        for (int i : order) {
            int best = nearest(vectors.get(i), centres);
            if (best >= 0 && TermVectors.cosine(vectors.get(i), centres.get(best)) >= joinAt) {
                groups.get(best).add(i);
                centres.set(best, centre(groups.get(best), vectors));
            } else {
                groups.add(new ArrayList<>(List.of(i)));
                centres.add(vectors.get(i));
            }
        }
        for (int round = 0; round < rounds; round++) {
            List<List<Integer>> moved = new ArrayList<>();
            centres.forEach(c -> moved.add(new ArrayList<>()));
            for (int i = 0; i < n; i++) {
                moved.get(nearest(vectors.get(i), centres)).add(i);
            }
            groups = new ArrayList<>();
            List<Map<String, Double>> newCentres = new ArrayList<>();
            for (List<Integer> group : moved) {
                if (!group.isEmpty()) {
                    groups.add(group);
                    newCentres.add(centre(group, vectors));
                }
            }
            centres = newCentres;
        }
        merge(groups, centres, vectors);
        attachStragglers(groups, centres, vectors);
        List<Cluster> clusters = new ArrayList<>();
        for (int g = 0; g < groups.size(); g++) {
            clusters.add(new Cluster(List.copyOf(groups.get(g)), centres.get(g)));
        }
        clusters.sort(Comparator.comparingInt((Cluster c) -> -c.members().size()));
        return clusters;
    }

    private void merge(List<List<Integer>> groups, List<Map<String, Double>> centres, List<Map<String, Double>> vectors) {
        boolean merged = true;
        while (merged) {
            merged = false;
            for (int a = 0; a < groups.size() && !merged; a++) {
                for (int b = a + 1; b < groups.size() && !merged; b++) {
                    if (TermVectors.cosine(centres.get(a), centres.get(b)) >= mergeAt) {
                        groups.get(a).addAll(groups.remove(b));
                        centres.remove(b);
                        centres.set(a, centre(groups.get(a), vectors));
                        merged = true;
                    }
                }
            }
        }
    }

    private void attachStragglers(List<List<Integer>> groups, List<Map<String, Double>> centres, List<Map<String, Double>> vectors) {
        List<Integer> large = new ArrayList<>();
        for (int g = 0; g < groups.size(); g++) {
            if (groups.get(g).size() >= minSize) {
                large.add(g);
            }
        }
        List<Map<String, Double>> largeCentres = large.stream().map(centres::get).toList();
        for (int g = 0; g < groups.size(); g++) {
            if (groups.get(g).size() >= minSize) {
                continue;
            }
            for (java.util.Iterator<Integer> it = groups.get(g).iterator(); it.hasNext();) {
                int i = it.next();
                int best = nearest(vectors.get(i), largeCentres);
                if (best >= 0 && TermVectors.cosine(vectors.get(i), largeCentres.get(best)) >= attachAt) {
                    groups.get(large.get(best)).add(i);
                    it.remove();
                }
            }
        }
        for (int g = groups.size() - 1; g >= 0; g--) {
            if (groups.get(g).isEmpty()) {
                groups.remove(g);
                centres.remove(g);
            } else {
                centres.set(g, centre(groups.get(g), vectors));
            }
        }
    }

    private static int nearest(Map<String, Double> vector, List<Map<String, Double>> centres) {
        int best = -1;
        double bestSimilarity = -1;
        for (int c = 0; c < centres.size(); c++) {
            double similarity = TermVectors.cosine(vector, centres.get(c));
            if (similarity > bestSimilarity) {
                bestSimilarity = similarity;
                best = c;
            }
        }
        return best;
    }

    static Map<String, Double> centre(List<Integer> members, List<Map<String, Double>> vectors) {
        Map<String, Double> sum = new HashMap<>();
        for (int i : members) {
            vectors.get(i).forEach((term, weight) -> sum.merge(term, weight, Double::sum));
        }
        return TermVectors.normalized(sum);
    }
}
