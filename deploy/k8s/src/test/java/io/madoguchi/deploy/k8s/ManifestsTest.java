package io.madoguchi.deploy.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Each overlay renders, every object it renders is valid by its schema, and the invariants hold. */
class ManifestsTest {

    @ParameterizedTest
    @ValueSource(strings = { "dev", "prod", "prod-keda" })
    void everyObjectIsValidByItsSchema(String overlay) {
        Rendered rendered = Rendered.of(Project.K8S.resolve("overlays").resolve(overlay));
        assertTrue(rendered.objects.size() > 40, "rendered " + rendered.objects.size() + " objects");
        assertEquals(List.of(), Project.SCHEMAS.problems(rendered));
    }

    @ParameterizedTest
    @ValueSource(strings = { "dev", "prod", "prod-keda" })
    void theInvariantsHold(String overlay) {
        Rendered rendered = Rendered.of(Project.K8S.resolve("overlays").resolve(overlay));
        ManifestChecks checks = new ManifestChecks(rendered, Project.SERVICES);
        assertEquals(List.of(), checks.all());
        if (overlay.startsWith("prod")) {
            assertEquals(List.of(), checks.production());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "dev", "prod", "prod-keda" })
    void eachOverlayRunsInItsOwnNamespaceWithTheWholeSystem(String overlay) {
        Rendered rendered = Rendered.of(Project.K8S.resolve("overlays").resolve(overlay));
        Set<String> namespaces = new java.util.TreeSet<>();
        rendered.objects.forEach(o -> namespaces.add(o.path("metadata").path("namespace").asText()));
        assertEquals(Set.of("dev".equals(overlay) ? "madoguchi-dev" : "madoguchi"), namespaces);
        for (String kind : List.of("Kafka", "KafkaNodePool", "KafkaTopic", "KafkaUser", "Cluster", "Deployment", "Service",
                "ConfigMap", "PodDisruptionBudget", "HorizontalPodAutoscaler", "NetworkPolicy", "ServiceMonitor", "ServiceAccount", "Ingress")) {
            assertTrue(rendered.ofKind(kind).findAny().isPresent(), overlay + " has no " + kind);
        }
    }
}
