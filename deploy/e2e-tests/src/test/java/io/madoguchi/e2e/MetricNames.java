package io.madoguchi.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/**
 * The metric names the alert rules and the Grafana dashboard in deploy/k8s/base/monitoring query, and the names a
 * Prometheus text scrape holds. PromQL is read only as far as needed: strings, label matchers, ranges, grouping
 * clauses and Grafana variables removed, an identifier not followed by "(" and not a keyword is a metric name.
 */
final class MetricNames {

    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "by", "without", "on", "ignoring", "group_left",
            "group_right", "bool", "offset", "inf", "nan");
    private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w.$])([a-zA-Z_:][\\w:]*)(?!\\w)(\\s*\\()?");
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][\\w:]*)[{ ]", Pattern.MULTILINE);

    private MetricNames() {
    }

    /** Each expression of the PrometheusRule and each panel query and variable of the dashboard. */
    static List<String> queries(Path monitoring) throws IOException {
        List<String> queries = new ArrayList<>();
        JsonNode rule = new YAMLMapper().readTree(monitoring.resolve("prometheusrule.yaml").toFile());
        rule.at("/spec/groups").forEach(group -> group.path("rules").forEach(r -> queries.add(r.path("expr").asText())));
        JsonNode dashboard = new ObjectMapper().readTree(Files.readString(monitoring.resolve("madoguchi-dashboard.json")));
        dashboard.path("panels").forEach(panel -> panel.path("targets").forEach(target -> queries.add(target.path("expr").asText())));
        dashboard.at("/templating/list").forEach(variable -> {
            if ("query".equals(variable.path("type").asText())) {
                // label_values(metric, label): the label is no metric
                queries.add(variable.at("/query/query").asText().replaceAll("label_values\\(\\s*([\\w:]+)\\s*,[^)]*\\)", "$1"));
            }
        });
        return queries;
    }

    static Set<String> in(String promql) {
        String stripped = promql
                .replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"")
                .replaceAll("\\{[^}]*}", "")
                .replaceAll("\\[[^]]*]", "")
                .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", "")
                .replaceAll("\\$\\{?\\w+}?", "1");
        Set<String> names = new TreeSet<>();
        Matcher m = IDENTIFIER.matcher(stripped);
        while (m.find()) {
            String name = m.group(1);
            if (m.group(2) == null && !KEYWORDS.contains(name.toLowerCase()) && !name.matches("\\d.*")) {
                names.add(name);
            }
        }
        return names;
    }

    /** The names of the samples in a Prometheus text exposition. */
    static Set<String> scraped(String exposition) {
        Set<String> names = new TreeSet<>();
        Matcher m = SAMPLE.matcher(exposition);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }
}
