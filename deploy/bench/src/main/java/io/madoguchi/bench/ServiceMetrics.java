package io.madoguchi.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a service's batch-size summaries from its Prometheus endpoint: how many records each consumer transaction, relay
 * batch or group commit of accepts held.
 */
final class ServiceMetrics {

    /** A summary's sum or count; a count of a traced service carries an exemplar after its value ({@code # {span_id=…} 1.0 …}). */
    private static final Pattern LINE = Pattern.compile(
            "^(madoguchi_(?:consumer_batch_size|outbox_relay_batch_size|intake_batch_size))_(sum|count)(\\{[^}]*\\})? ([0-9.eE+-]+)(?: #.*)?$",
            Pattern.MULTILINE);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private ServiceMetrics() {
    }

    /** Per summary (name and tags): {sum of sizes, batches} so far; empty if the service does not answer. */
    static Map<String, double[]> batchTotals(String serviceUrl) {
        try {
            String text = HTTP.send(HttpRequest.newBuilder(URI.create(serviceUrl + "/q/metrics")).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            Map<String, double[]> totals = new TreeMap<>();
            Matcher m = LINE.matcher(text);
            while (m.find()) {
                String key = m.group(1) + (m.group(3) == null ? "" : m.group(3));
                totals.computeIfAbsent(key, k -> new double[2])["sum".equals(m.group(2)) ? 0 : 1] = Double.parseDouble(m.group(4));
            }
            return totals;
        } catch (Exception e) {
            System.err.println("metrics of " + serviceUrl + " unavailable: " + e);
            return Map.of();
        }
    }

    /** Batches and their mean size between two readings of {@link #batchTotals}. */
    static Map<String, Object> meanSince(Map<String, double[]> before, Map<String, double[]> now) {
        Map<String, Object> means = new LinkedHashMap<>();
        now.forEach((key, v) -> {
            double[] b = before.getOrDefault(key, new double[2]);
            double batches = v[1] - b[1];
            if (batches > 0) {
                means.put(key, Map.of("batches", (long) batches, "meanSize", EndToEndBenchmark.round((v[0] - b[0]) / batches)));
            }
        });
        return means;
    }
}
