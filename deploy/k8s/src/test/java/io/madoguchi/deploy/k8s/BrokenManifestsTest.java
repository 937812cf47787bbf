package io.madoguchi.deploy.k8s;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The checks catch what they are for: each case copies deploy/k8s, breaks one file the way a careless edit would,
 * renders the prod overlay and expects a problem naming the fault.
 */
class BrokenManifestsTest {

    @TempDir
    Path copy;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            a misspelt field                    | base/ticket-service/deployment.yaml     | revisionHistoryLimit: 5                 | revisionHistoryLimt: 5                               | 'revisionHistoryLimt' is not defined
            a wrong type                        | base/ticket-service/deployment.yaml     | periodSeconds: 5                        | periodSeconds: often                                  | periodSeconds
            a Strimzi field that does not exist | base/kafka/topics.yaml                  | partitions: 1                           | partitions: 1\\n  compacted: true                     | compacted
            a probe on a path that is not there | base/ingest-service/deployment.yaml     | path: /q/health/ready                   | path: /health/ready                                   | readinessProbe must GET /q/health/ready
            a probe on the wrong port           | base/analytics-service/deployment.yaml  | containerPort: 8084                     | containerPort: 8080                                   | container port 'http' must be 8084
            an env name the service ignores     | base/ticket-service/configmap.yaml      | KAFKA_SASL_MECHANISM                    | KAFKA_SASL_MECHANISMS                                 | KAFKA_SASL_MECHANISMS is not a setting
            a literal secret                    | base/ingest-service/configmap.yaml      | JAVA_TOOL_OPTIONS                       | MADOGUCHI_SLACK_SIGNING_SECRET: "xoxo"\\n  JAVA_TOOL_OPTIONS | looks like a secret
            a topic missing its DLQ             | base/kafka/topics.yaml                  | topicName: tickets.v1.dlq               | topicName: tickets.v1.deadletters                      | uses tickets.v1.dlq, which is no KafkaTopic
            an ACL wider than needed            | base/kafka/users.yaml                   | operations: [Write, Describe]           | operations: [All]                                     | All on topic
            an ACL on a topic it does not use   | base/kafka/users.yaml                   | name: inquiries.v1, patternType: literal}\\n        operations: [Write, Describe] | name: escalations.v1, patternType: literal}\\n        operations: [Write, Describe] | may write [deliveries.v1, escalations.v1, survey-requests.v1, survey-requests.v1.dlq, tickets.v1, tickets.v1.dlq] but produces and replays to [deliveries.v1, inquiries.v1, survey-requests.v1, survey-requests.v1.dlq, tickets.v1, tickets.v1.dlq]
            more replicas than partitions       | base/ticket-service/horizontalpodautoscaler.yaml | maxReplicas: 6                  | maxReplicas: 12                                       | but the topics it consumes have only 6 partitions
            a shutdown longer than the grace    | base/escalation-service/deployment.yaml | terminationGracePeriodSeconds: 35       | terminationGracePeriodSeconds: 15                     | terminationGracePeriodSeconds 15 is shorter
            an unreplicated production topic    | base/kafka/topics.yaml                  | replicas: 3                             | replicas: 1                                           | production topics need replicas 3
            a database shared by two services   | base/analytics-service/configmap.yaml   | analytics-db-rw:5432/madoguchi_analytics | ticket-db-rw:5432/madoguchi_ticket                   | shared by
            topics created on the fly           | base/kafka/kafka.yaml                   | auto.create.topics.enable: false        | auto.create.topics.enable: true                       | auto.create.topics.enable must be false
            describing a topic it does not use  | base/kafka/users.yaml                   | - resource: {type: group, name: escalation-service, patternType: literal} | - resource: {type: topic, name: inquiries.v1, patternType: literal}\\n        operations: [Describe]\\n      - resource: {type: group, name: escalation-service, patternType: literal} | escalation-service: may describe [inquiries.v1]
            a page routed to the wrong service  | base/ingress/ingress.yaml               | {path: /dashboard, pathType: Prefix, backend: {service: {name: analytics-service | {path: /dashboard, pathType: Prefix, backend: {service: {name: ticket-service | goes to ticket-service, which serves nothing under /dashboard
            the dashboard's host without sign-in | base/ingress/ingress.yaml              | - {path: /auth, pathType: Prefix         | # - {path: /auth, pathType: Prefix                     | /dashboard/ on support.example.jp signs in at /auth/sign-in
            an operators' API exposed           | base/ingress/ingress.yaml               | {path: /webhooks,                       | {path: /admin/v1/dead-letters,                        | exposes /admin
            """)
    void aBrokenManifestIsCaught(String fault, String file, String from, String to, String expected) throws IOException {
        assertCaught("prod", fault, file, from, to, expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            KEDA unable to resolve the broker   | components/keda/keda.yaml               | bootstrapServers: madoguchi-kafka-bootstrap.madoguchi.svc:9093 | bootstrapServers: madoguchi-kafka-bootstrap:9093 | KEDA runs in its own namespace
            KEDA kept out by the listener       | components/keda/kustomization.yaml      | matchLabels: {kubernetes.io/metadata.name: keda} | matchLabels: {kubernetes.io/metadata.name: madoguchi} | must admit KEDA's operator
            a trigger on a topic not consumed   | components/keda/keda.yaml               | consumerGroup: escalation-service\\n        topic: tickets.v1 | consumerGroup: escalation-service\\n        topic: inquiries.v1 | which escalation-service does not consume
            the component out of the namespace  | overlays/prod-keda/kustomization.yaml   | namespace: madoguchi                    | # namespace left out                                  | has no namespace
            """)
    void aBrokenLagScalingManifestIsCaught(String fault, String file, String from, String to, String expected) throws IOException {
        assertCaught("prod-keda", fault, file, from, to, expected);
    }

    private void assertCaught(String overlay, String fault, String file, String from, String to, String expected) throws IOException {
        copyTree(Project.K8S, copy);
        Path broken = copy.resolve(file);
        String text = Files.readString(broken);
        String original = from.replace("\\n", "\n");
        assertTrue(text.contains(original), file + " no longer contains '" + from + "': update this case");
        Files.writeString(broken, text.replace(original, to.replace("\\n", "\n")));

        Rendered rendered = Rendered.of(copy.resolve("overlays").resolve(overlay));
        List<String> problems = new ArrayList<>(Project.SCHEMAS.problems(rendered));
        ManifestChecks checks = new ManifestChecks(rendered, Project.SERVICES);
        problems.addAll(checks.all());
        problems.addAll(checks.production());
        assertTrue(problems.stream().anyMatch(p -> p.contains(expected)), fault + ": expected a problem with '" + expected + "', got " + problems);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path source : paths.filter(p -> !p.toString().contains("node_modules") && !p.toString().contains("/target")
                    && !p.toString().contains("/src/") && !p.toString().contains("/schemas/")).toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        }
    }
}
