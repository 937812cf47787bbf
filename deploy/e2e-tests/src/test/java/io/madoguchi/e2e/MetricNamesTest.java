package io.madoguchi.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

/** What EndToEndTest's check of the monitoring queries relies on: metric names read out of PromQL, and out of a scrape. */
class MetricNamesTest {

    @Test
    void labelsFunctionsKeywordsRangesAndGrafanaVariablesAreNoMetricNames() {
        assertEquals(Set.of("madoguchi_a_total", "madoguchi_b_seconds_bucket", "up"), MetricNames.in("""
                sum by (namespace, job) (increase(madoguchi_a_total{namespace="$namespace",kind=~"poison|error"}[$__rate_interval])) > 0
                and histogram_quantile(0.99, sum by (le) (rate(madoguchi_b_seconds_bucket[5m] offset 1h)))
                  > 2 * on (job) group_left (pod) min without (pod) (up{job="x"}) unless bool 1e3"""));
    }

    @Test
    void aScrapeNamesEachSampleOnce() {
        assertEquals(Set.of("madoguchi_ready", "kafka_consumer_fetch_manager_records_lag"), MetricNames.scraped("""
                # HELP madoguchi_ready 1 while ready
                # TYPE madoguchi_ready gauge
                madoguchi_ready 1.0
                kafka_consumer_fetch_manager_records_lag{client_id="kafka-consumer-tickets",partition="0",topic="tickets.v1"} 0.0
                kafka_consumer_fetch_manager_records_lag{client_id="kafka-consumer-tickets",partition="1",topic="tickets.v1"} 0.0
                """));
    }

    @Test
    void theRulesAndTheDashboardQueryTheOpsMetrics() throws Exception {
        Set<String> names = new TreeSet<>();
        for (String query : MetricNames.queries(Path.of(System.getProperty("madoguchi.root", "../..")).resolve("deploy/k8s/base/monitoring"))) {
            names.addAll(MetricNames.in(query));
        }
        assertTrue(names.containsAll(Set.of("kafka_consumer_fetch_manager_records_lag", "madoguchi_outbox_oldest_unsent_seconds",
                "madoguchi_consumer_dead_letters_total", "madoguchi_ready", "madoguchi_sla_breaches_total", "madoguchi_deliveries_total",
                "madoguchi_consumer_delay_seconds_bucket", "madoguchi_deliveries_oldest_pending_seconds")), names.toString());
        assertTrue(names.stream().allMatch(name -> name.contains("_") || name.equals("up")), "a label taken for a metric: " + names);
    }
}
