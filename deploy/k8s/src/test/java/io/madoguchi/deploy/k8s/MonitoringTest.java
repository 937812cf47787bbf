package io.madoguchi.deploy.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/**
 * The alerts (PrometheusRule) are valid rules by promtool and each behaves as its unit test in
 * src/test/resources/alerts says; each has a runbook section; the dashboard ConfigMap is one the Grafana sidecar
 * loads, with a row per service. Needs Debian's promtool (package prometheus; deploy/run-tests.sh installs it).
 */
class MonitoringTest {

    private static final Path MONITORING = Project.K8S.resolve("base/monitoring");
    private static final Path UNIT_TESTS = Project.K8S.resolve("src/test/resources/alerts/madoguchi-test.yaml");

    @Test
    void theAlertRulesAreValidAndEachAlertPassesItsUnitTests(@TempDir Path dir) throws Exception {
        // promtool reads plain rule files: the PrometheusRule's groups, as prometheus-operator hands them to Prometheus
        ObjectNode rules = new ObjectMapper().createObjectNode();
        rules.set("groups", rule().path("spec").path("groups"));
        Files.writeString(dir.resolve("rules.yaml"), new YAMLMapper().writeValueAsString(rules));
        Files.copy(UNIT_TESTS, dir.resolve("madoguchi-test.yaml"));

        String check = promtool(dir, "check", "rules", "rules.yaml");
        assertTrue(check.contains("SUCCESS: " + alerts().size() + " rules found"), check);
        promtool(dir, "test", "rules", "madoguchi-test.yaml");
    }

    @Test
    void everyAlertHasAUnitTestAndARunbookSection() throws IOException {
        String unitTests = Files.readString(UNIT_TESTS);
        String runbook = Files.readString(Project.ROOT.resolve("docs/operations.md"));
        List<String> missing = new ArrayList<>();
        for (JsonNode alert : alerts()) {
            String name = alert.path("alert").asText();
            if (!unitTests.contains("alertname: " + name + "\n")) {
                missing.add(name + ": no unit test");
            }
            if (!runbook.contains("\n### " + name + "\n")) {
                missing.add(name + ": no section in docs/operations.md");
            }
            if (!("docs/operations.md#" + name.toLowerCase()).equals(alert.at("/annotations/runbook").asText())) {
                missing.add(name + ": its runbook annotation does not name its section");
            }
        }
        assertEquals(List.of(), missing);
        assertTrue(alerts().size() >= 6, "alerts: " + alerts().size());
    }

    @Test
    void theDashboardIsAConfigMapForTheGrafanaSidecarWithARowPerService() throws IOException {
        JsonNode configMap = Rendered.of(Project.K8S.resolve("overlays/prod")).find("ConfigMap", "madoguchi-dashboard").orElseThrow();
        assertEquals("1", configMap.at("/metadata/labels/grafana_dashboard").asText());
        JsonNode dashboard = new ObjectMapper().readTree(configMap.at("/data/madoguchi-dashboard.json").asText());
        Set<String> rows = new TreeSet<>();
        dashboard.path("panels").forEach(panel -> {
            if ("row".equals(panel.path("type").asText())) {
                rows.add(panel.path("title").asText());
            }
        });
        assertEquals(new TreeSet<>(List.of("Pipeline", "ingest-service", "ticket-service", "escalation-service", "analytics-service")), rows);
    }

    private static JsonNode rule() {
        return Rendered.of(MONITORING).find("PrometheusRule", "madoguchi").orElseThrow();
    }

    private static List<JsonNode> alerts() {
        List<JsonNode> alerts = new ArrayList<>();
        rule().path("spec").path("groups").forEach(group -> group.path("rules").forEach(alerts::add));
        return alerts;
    }

    private static String promtool(Path dir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("promtool"));
        command.addAll(List.of(args));
        Process process;
        try {
            process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IllegalStateException("The alert tests run promtool (Debian's package prometheus; deploy/run-tests.sh "
                    + "installs it); it is not on the PATH: " + e.getMessage(), e);
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(2, TimeUnit.MINUTES), "promtool " + String.join(" ", args) + " did not finish");
        assertEquals(0, process.exitValue(), "promtool " + String.join(" ", args) + ":\n" + output);
        return output;
    }
}
