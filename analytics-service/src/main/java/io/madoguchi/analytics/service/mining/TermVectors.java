package io.madoguchi.analytics.service.mining;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

/**
 * TF-IDF vectors over a corpus: a term's weight grows (sublinearly) with its count in the text and with how rare it
 * is across the corpus; every vector has length 1, so the dot product of two is their cosine similarity.
 */
public final class TermVectors {

    private final Map<String, Double> idf = new HashMap<>();
    private final double unseenIdf;

    public TermVectors(Collection<List<String>> corpus) {
        Map<String, Integer> documentFrequency = new HashMap<>();
        for (List<String> terms : corpus) {
            new HashSet<>(terms).forEach(t -> documentFrequency.merge(t, 1, Integer::sum));
        }
        int n = corpus.size();
        documentFrequency.forEach((term, df) -> idf.put(term, Math.log((n + 1.0) / (df + 1.0)) + 1));
        unseenIdf = Math.log(n + 1.0) + 1;
    }

    public Map<String, Double> vector(List<String> terms) {
        Map<String, Integer> counts = new HashMap<>();
        terms.forEach(t -> counts.merge(t, 1, Integer::sum));
        Map<String, Double> vector = new HashMap<>();
        counts.forEach((term, count) -> vector.put(term, (1 + Math.log(count)) * idf.getOrDefault(term, unseenIdf)));
        return normalized(vector);
    }

    public static double cosine(Map<String, Double> a, Map<String, Double> b) {
        Map<String, Double> small = a.size() <= b.size() ? a : b;
        Map<String, Double> large = small == a ? b : a;
        double dot = 0;
        for (Map.Entry<String, Double> e : small.entrySet()) {
            Double other = large.get(e.getKey());
            if (other != null) {
                dot += e.getValue() * other;
            }
        }
        return dot;
    }

    public static Map<String, Double> normalized(Map<String, Double> vector) {
        double norm = Math.sqrt(vector.values().stream().mapToDouble(v -> v * v).sum());
        if (norm == 0) {
            return vector;
        }
        Map<String, Double> unit = new HashMap<>();
        vector.forEach((k, v) -> unit.put(k, v / norm));
        return unit;
    }
}
