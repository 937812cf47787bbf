package io.madoguchi.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Every figure of the overview comes with its formula: the test walks the JSON of overview responses (unfiltered and
 * filtered, so that figures null under a filter are seen too) and finds each number's formula in {@code formulas}, so
 * that a figure added without one fails the build; a formula no figure has any more fails it as well, and so does one
 * the README does not list.
 * <p>
 * A figure's path is its place in {@code overview} with array indices left out ({@code series.backlog}). Its formula is
 * the one of that path; a {@code *} in a formula's key stands for one name that has a formula of its own
 * ({@code durations.*.*.p90Hours} for {@code durations.firstReply.calendarHours.p90Hours}, given
 * {@code durations.firstReply} and {@code durations.*.calendarHours}). The maps keyed by data (SLA metric, channel,
 * queue, agent) have one formula for the map.
 */
@QuarkusTest
@WithTestResource(AnalyticsTestResource.class)
class StatsFormulasTest {

    private static final Set<String> KEYED_BY_DATA = Set.of("totals.slaAchievementPercent", "totals.slaMet", "totals.slaBreached", "channelMix", "createdByQueue", "solvedByAgent");

    @Test
    void everyFigureOfTheOverviewHasAFormulaAndTheReadmeListsThem() throws Exception {
        StatsBucketsTest.fixture();
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> StatsBucketsTest.overview(Map.of("granularity", "week"))
                .statusCode(200).body("overview.totals.created", org.hamcrest.Matchers.equalTo(5))
                .body("overview.totals.deflected", org.hamcrest.Matchers.equalTo(3)));
        ObjectMapper mapper = new ObjectMapper();
        List<JsonNode> reports = new ArrayList<>();
        for (Map<String, String> params : List.of(Map.of("granularity", "week"), Map.of("granularity", "month", "zone", "UTC"),
                Map.of("granularity", "day", "agent", "alice"), Map.of("granularity", "week", "queue", "tech", "channel", "chat"))) {
            reports.add(mapper.readTree(StatsBucketsTest.overview(params).statusCode(200).extract().asString()));
        }

        Set<String> keys = new LinkedHashSet<>();
        reports.get(0).get("formulas").fieldNames().forEachRemaining(keys::add);
        Set<String> figures = new TreeSet<>();
        Set<String> nodes = new TreeSet<>();
        for (JsonNode report : reports) {
            assertEquals(keys, fieldNames(report.get("formulas")), "the same formulas with every filter");
            walk(report.get("overview"), new ArrayList<>(), figures, nodes);
        }
        assertTrue(figures.size() >= 40, "the walk saw the figures: " + figures);

        List<String> withoutFormula = figures.stream().filter(f -> !covered(List.of(f.split("\\.")), keys)).toList();
        assertEquals(List.of(), withoutFormula, "figures of the overview without a formula in 'formulas'");
        List<String> stale = keys.stream().filter(k -> nodes.stream().noneMatch(n -> matches(k.split("\\."), List.of(n.split("\\.")), keys)))
                .toList();
        assertEquals(List.of(), stale, "formulas of figures the overview does not have");

        String readme = Files.readString(Path.of("README.md"));
        List<String> unlisted = keys.stream().filter(k -> !readme.contains("`" + k + "`")).toList();
        assertEquals(List.of(), unlisted, "formulas analytics-service/README.md does not list");
    }

    /** Collects the paths of the numbers (and nulls) in the tree, and of every node. */
    private static void walk(JsonNode node, List<String> path, Set<String> figures, Set<String> nodes) {
        if (!path.isEmpty()) {
            nodes.add(String.join(".", path));
        }
        if (node.isObject()) {
            node.fieldNames().forEachRemaining(name -> {
                List<String> child = new ArrayList<>(path);
                child.add(name);
                walk(node.get(name), child, figures, nodes);
            });
        } else if (node.isArray()) {
            node.forEach(element -> walk(element, path, figures, nodes));
        } else if (node.isNumber() || node.isNull()) {
            figures.add(String.join(".", path));
        }
    }

    private static boolean covered(List<String> path, Set<String> keys) {
        if (described(path, keys)) {
            return true;
        }
        List<String> parent = path.subList(0, path.size() - 1);
        return !parent.isEmpty() && KEYED_BY_DATA.contains(String.join(".", parent)) && described(parent, keys);
    }

    private static boolean described(List<String> path, Set<String> keys) {
        return keys.stream().anyMatch(key -> matches(key.split("\\."), path, keys));
    }

    /** A {@code *} matches one name, not the last, that has a formula of its own. */
    private static boolean matches(String[] key, List<String> path, Set<String> keys) {
        if (key.length != path.size()) {
            return false;
        }
        for (int i = 0; i < key.length; i++) {
            boolean ok = "*".equals(key[i]) ? i < key.length - 1 && described(path.subList(0, i + 1), keys) : key[i].equals(path.get(i));
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new LinkedHashSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
