package io.madoguchi.deploy.k8s;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The invariants a rendered overlay must keep, each answer a list of problems (empty when it holds): every service
 * is deployed the way its own configuration needs, Kafka topics and ACLs match what the services use, and no
 * secret is written into the manifests.
 */
final class ManifestChecks {

    static final List<String> SERVICES = List.of("ingest-service", "ticket-service", "escalation-service", "analytics-service");

    /** Secrets the platform team creates (deploy/README.md) or an operator writes besides those named after a KafkaUser or a Cluster. */
    static final Set<String> PROVIDED_SECRETS = Set.of("madoguchi-jwt", "ingest-service-secrets", "madoguchi-sign-in",
            "madoguchi-cluster-ca-cert", "keda-kafka-auth");

    /** The prefix of the operators' APIs (dead letters, re-normalisation), which no Ingress may expose. */
    private static final String INSIDE_ONLY = "/admin";
    /** Where deploy/README.md installs KEDA. */
    private static final String KEDA_NAMESPACE = "keda";
    private static final Pattern SECRET_NAME = Pattern.compile(".*(SECRET|PASSWORD|TOKEN|API_KEYS|JAAS|MAILBOXES|PRIVATE|CREDENTIAL).*");

    private final Rendered r;
    private final Map<String, ServiceConfig> services;
    private final List<String> problems = new ArrayList<>();

    ManifestChecks(Rendered rendered, Map<String, ServiceConfig> services) {
        this.r = rendered;
        this.services = services;
    }

    /** Every invariant that holds in any overlay. */
    List<String> all() {
        // an object without one lands in whatever namespace kubectl points at, away from the rest
        r.objects.stream().filter(o -> o.path("metadata").path("namespace").asText().isEmpty())
                .forEach(o -> problems.add(Rendered.id(o) + " has no namespace"));
        JsonNode kafka = one("Kafka");
        for (ServiceConfig service : services.values()) {
            r.find("Deployment", service.name).ifPresentOrElse(d -> deployment(service, d, kafka),
                    () -> problems.add(service.name + ": no Deployment"));
        }
        topicsAndAcls(kafka);
        lagScaling(kafka);
        oneDatabasePerService();
        noLiteralSecrets();
        ingresses();
        return problems;
    }

    /** What production adds: three Kafka nodes, topics replicated three times with min.insync.replicas 2, redundancy. */
    List<String> production() {
        int brokers = 0;
        int controllers = 0;
        for (JsonNode pool : r.ofKind("KafkaNodePool").toList()) {
            List<String> roles = texts(pool.path("spec").path("roles"));
            int replicas = pool.path("spec").path("replicas").asInt();
            brokers += roles.contains("broker") ? replicas : 0;
            controllers += roles.contains("controller") ? replicas : 0;
        }
        if (brokers < 3 || controllers < 3) {
            problems.add("Kafka: " + brokers + " brokers and " + controllers + " controllers; production needs 3 of each");
        }
        JsonNode config = one("Kafka").path("spec").path("kafka").path("config");
        if (config.path("default.replication.factor").asInt() != 3 || config.path("min.insync.replicas").asInt() != 2) {
            problems.add("Kafka: default.replication.factor must be 3 and min.insync.replicas 2");
        }
        r.ofKind("KafkaTopic").forEach(topic -> {
            if (topic.path("spec").path("replicas").asInt() != 3
                    || topic.path("spec").path("config").path("min.insync.replicas").asInt() != 2) {
                problems.add(Rendered.id(topic) + ": production topics need replicas 3 and min.insync.replicas 2");
            }
        });
        r.ofKind("Cluster").forEach(cluster -> {
            if (cluster.path("spec").path("instances").asInt() < 3) {
                problems.add(Rendered.id(cluster) + ": production databases need 3 instances");
            }
        });
        for (String service : services.keySet()) {
            r.find("Deployment", service).ifPresent(d -> {
                if (d.path("spec").path("replicas").asInt(1) < 2) {
                    problems.add(service + ": production runs at least 2 replicas");
                }
            });
        }
        return problems;
    }

    private void deployment(ServiceConfig service, JsonNode deployment, JsonNode kafka) {
        String s = service.name;
        JsonNode pod = deployment.path("spec").path("template");
        Map<String, String> podLabels = strings(pod.path("metadata").path("labels"));
        JsonNode container = StreamSupport.stream(pod.path("spec").path("containers").spliterator(), false)
                .filter(c -> s.equals(c.path("name").asText())).findFirst().orElse(null);
        if (container == null) {
            problems.add(s + ": the Deployment has no container named " + s);
            return;
        }
        Map<String, JsonNode> env = environment(container);
        int port = env.containsKey("QUARKUS_HTTP_PORT") ? env.get("QUARKUS_HTTP_PORT").path("value").asInt() : service.httpPort();
        Optional<JsonNode> http = stream(container.path("ports")).filter(p -> "http".equals(p.path("name").asText())).findFirst();
        if (http.isEmpty() || http.get().path("containerPort").asInt() != port) {
            problems.add(s + ": container port 'http' must be " + port + ", the port the service listens on");
        }

        env.keySet().stream().filter(name -> !service.understands(name))
                .forEach(name -> problems.add(s + ": " + name + " is not a setting of the service's configuration"));
        env.forEach((name, value) -> {
            JsonNode secretRef = value.path("valueFrom").path("secretKeyRef");
            if (!secretRef.isMissingNode() && !secretRef.path("optional").asBoolean(false)) {
                secretExists(s + ": " + name, secretRef.path("name").asText());
            }
        });

        probe(s, container, "startupProbe", service.healthPath("started"), port);
        probe(s, container, "livenessProbe", service.healthPath("live"), port);
        probe(s, container, "readinessProbe", service.healthPath("ready"), port);
        if (!service.hasExtension("quarkus-smallrye-health")) {
            problems.add(s + ": probes point at health endpoints, but the service has no quarkus-smallrye-health");
        }

        JsonNode resources = container.path("resources");
        if (resources.path("requests").path("cpu").isMissingNode() || resources.path("requests").path("memory").isMissingNode()
                || resources.path("limits").path("memory").isMissingNode()) {
            problems.add(s + ": CPU and memory requests and a memory limit are required");
        }

        long grace = pod.path("spec").path("terminationGracePeriodSeconds").asLong(30);
        long preStop = container.path("lifecycle").path("preStop").path("sleep").path("seconds").asLong(0);
        long needed = service.shutdownTimeout().toSeconds() + preStop + 5;
        if (grace < needed) {
            problems.add(s + ": terminationGracePeriodSeconds " + grace + " is shorter than preStop " + preStop
                    + " s + quarkus.shutdown.timeout " + service.shutdownTimeout().toSeconds() + " s + 5 s");
        }

        if (r.ofKind("Service").noneMatch(svc -> selects(svc.path("spec").path("selector"), podLabels)
                && stream(svc.path("spec").path("ports")).anyMatch(p -> "http".equals(p.path("targetPort").asText())))) {
            problems.add(s + ": no Service selects its pods on port 'http'");
        }
        if (r.ofKind("PodDisruptionBudget").noneMatch(pdb -> selects(pdb.path("spec").path("selector").path("matchLabels"), podLabels))) {
            problems.add(s + ": no PodDisruptionBudget covers its pods");
        }
        scaling(service, deployment);
        networkPolicy(service, podLabels, env);
        metrics(service, podLabels);
        database(service, env);
        kafkaClient(service, env, kafka);
    }

    private void probe(String s, JsonNode container, String probe, String path, int port) {
        JsonNode get = container.path(probe).path("httpGet");
        String probePort = get.path("port").asText();
        if (!path.equals(get.path("path").asText()) || !("http".equals(probePort) || String.valueOf(port).equals(probePort))) {
            problems.add(s + ": " + probe + " must GET " + path + " on port http (" + port + "), not " + get.path("path").asText()
                    + " on " + probePort);
        }
    }

    private void scaling(ServiceConfig service, JsonNode deployment) {
        String s = service.name;
        List<Integer> maxima = new ArrayList<>();
        r.ofKind("HorizontalPodAutoscaler").filter(h -> s.equals(h.path("spec").path("scaleTargetRef").path("name").asText()))
                .forEach(h -> maxima.add(h.path("spec").path("maxReplicas").asInt()));
        r.ofKind("ScaledObject").filter(o -> s.equals(o.path("spec").path("scaleTargetRef").path("name").asText()))
                .forEach(o -> maxima.add(o.path("spec").path("maxReplicaCount").asInt(100)));
        if (maxima.size() != 1) {
            problems.add(s + ": needs exactly one autoscaler (HorizontalPodAutoscaler or KEDA ScaledObject), has " + maxima.size());
            return;
        }
        OptionalIntHolder partitions = new OptionalIntHolder();
        for (String topic : service.consumed) {
            topic(topic).ifPresent(t -> partitions.min(t.path("spec").path("partitions").asInt()));
        }
        if (partitions.value != null) {
            int replicas = deployment.path("spec").path("replicas").asInt(1);
            if (maxima.get(0) > partitions.value || replicas > partitions.value) {
                problems.add(s + ": up to " + Math.max(maxima.get(0), replicas) + " replicas, but the topics it consumes have only "
                        + partitions.value + " partitions");
            }
        }
    }

    private static final class OptionalIntHolder {
        Integer value;

        void min(int candidate) {
            value = value == null ? candidate : Math.min(value, candidate);
        }
    }

    private void networkPolicy(ServiceConfig service, Map<String, String> podLabels, Map<String, JsonNode> env) {
        List<JsonNode> policies = r.ofKind("NetworkPolicy")
                .filter(p -> selects(p.path("spec").path("podSelector").path("matchLabels"), podLabels)).toList();
        if (policies.isEmpty()) {
            problems.add(service.name + ": no NetworkPolicy selects its pods");
            return;
        }
        String cluster = databaseCluster(env);
        boolean kafka = false;
        boolean database = false;
        for (JsonNode policy : policies) {
            for (JsonNode rule : policy.path("spec").path("egress")) {
                Set<Integer> ports = new HashSet<>();
                rule.path("ports").forEach(p -> ports.add(p.path("port").asInt()));
                for (JsonNode to : rule.path("to")) {
                    JsonNode labels = to.path("podSelector").path("matchLabels");
                    kafka |= ports.contains(9093) && labels.has("strimzi.io/cluster");
                    database |= ports.contains(5432) && cluster != null && cluster.equals(labels.path("cnpg.io/cluster").asText());
                }
            }
        }
        if (!kafka || !database) {
            problems.add(service.name + ": its NetworkPolicy must let it reach Kafka (9093) and its own database " + cluster + " (5432)");
        }
    }

    private void metrics(ServiceConfig service, Map<String, String> podLabels) {
        Set<Map<String, String>> serviceLabels = new HashSet<>();
        r.ofKind("Service").filter(svc -> selects(svc.path("spec").path("selector"), podLabels))
                .forEach(svc -> serviceLabels.add(strings(svc.path("metadata").path("labels"))));
        String path = "/" + service.properties.getProperty("quarkus.http.non-application-root-path", "q").replaceAll("^/|/$", "") + "/metrics";
        boolean scraped = r.ofKind("ServiceMonitor").anyMatch(m -> serviceLabels.stream()
                .anyMatch(labels -> selects(m.path("spec").path("selector").path("matchLabels"), labels))
                && stream(m.path("spec").path("endpoints")).anyMatch(e -> path.equals(e.path("path").asText())));
        if (!scraped || !service.hasExtension("quarkus-micrometer-registry-prometheus")) {
            problems.add(service.name + ": needs a ServiceMonitor scraping " + path + " (and the Prometheus registry extension)");
        }
    }

    private String databaseCluster(Map<String, JsonNode> env) {
        JsonNode url = env.get("QUARKUS_DATASOURCE_JDBC_URL");
        if (url == null || !url.path("value").isTextual()) {
            return null;
        }
        String host = URI.create(url.path("value").asText().substring("jdbc:".length())).getHost();
        return host != null && host.endsWith("-rw") ? host.substring(0, host.length() - 3) : host;
    }

    private void database(ServiceConfig service, Map<String, JsonNode> env) {
        String s = service.name;
        String cluster = databaseCluster(env);
        Optional<JsonNode> found = cluster == null ? Optional.empty() : r.find("Cluster", cluster);
        if (found.isEmpty()) {
            problems.add(s + ": QUARKUS_DATASOURCE_JDBC_URL must point at the -rw service of a CloudNativePG Cluster in the manifests");
            return;
        }
        String database = URI.create(env.get("QUARKUS_DATASOURCE_JDBC_URL").path("value").asText().substring("jdbc:".length())).getPath().substring(1);
        if (!database.equals(found.get().path("spec").path("bootstrap").path("initdb").path("database").asText())) {
            problems.add(s + ": database " + database + " is not the one Cluster " + cluster + " creates");
        }
        for (String credential : List.of("QUARKUS_DATASOURCE_USERNAME", "QUARKUS_DATASOURCE_PASSWORD")) {
            if (!(cluster + "-app").equals(secretName(env.get(credential)))) {
                problems.add(s + ": " + credential + " must come from the Secret " + cluster + "-app that CloudNativePG writes");
            }
        }
        String reactive = env.containsKey("QUARKUS_DATASOURCE_REACTIVE_URL") ? env.get("QUARKUS_DATASOURCE_REACTIVE_URL").path("value").asText() : "";
        if (!reactive.equals(env.get("QUARKUS_DATASOURCE_JDBC_URL").path("value").asText().substring("jdbc:".length()))) {
            problems.add(s + ": QUARKUS_DATASOURCE_REACTIVE_URL must name the same database as the JDBC URL");
        }
    }

    private void kafkaClient(ServiceConfig service, Map<String, JsonNode> env, JsonNode kafka) {
        String s = service.name;
        JsonNode listener = stream(kafka.path("spec").path("kafka").path("listeners")).findFirst().orElse(null);
        if (listener == null) {
            problems.add("Kafka: no listener");
            return;
        }
        String bootstrap = Rendered.name(kafka) + "-kafka-bootstrap:" + listener.path("port").asInt();
        if (!bootstrap.equals(value(env.get("KAFKA_BOOTSTRAP_SERVERS")))) {
            problems.add(s + ": KAFKA_BOOTSTRAP_SERVERS must be " + bootstrap);
        }
        String authentication = listener.path("authentication").path("type").asText();
        if ("scram-sha-512".equals(authentication)) {
            String protocol = listener.path("tls").asBoolean() ? "SASL_SSL" : "SASL_PLAINTEXT";
            if (!protocol.equals(value(env.get("KAFKA_SECURITY_PROTOCOL"))) || !"SCRAM-SHA-512".equals(value(env.get("KAFKA_SASL_MECHANISM")))) {
                problems.add(s + ": the listener wants SCRAM-SHA-512 over " + protocol + "; set KAFKA_SECURITY_PROTOCOL and KAFKA_SASL_MECHANISM");
            }
            if (!s.equals(secretName(env.get("KAFKA_SASL_JAAS_CONFIG"))) || r.find("KafkaUser", s).isEmpty()) {
                problems.add(s + ": KAFKA_SASL_JAAS_CONFIG must come from the Secret of its KafkaUser " + s);
            }
        } else {
            problems.add("Kafka: the listener " + listener.path("name").asText() + " must authenticate clients (scram-sha-512)");
        }
    }

    private void topicsAndAcls(JsonNode kafka) {
        if (kafka.path("spec").path("kafka").path("config").path("auto.create.topics.enable").asBoolean(true)) {
            problems.add("Kafka: auto.create.topics.enable must be false; topics are KafkaTopics");
        }
        if (!"simple".equals(kafka.path("spec").path("kafka").path("authorization").path("type").asText())) {
            problems.add("Kafka: authorization must be on (simple) for the KafkaUsers' ACLs to mean anything");
        }
        String cluster = Rendered.name(kafka);
        r.ofKind("KafkaTopic").filter(t -> !cluster.equals(t.path("metadata").path("labels").path("strimzi.io/cluster").asText()))
                .forEach(t -> problems.add(Rendered.id(t) + ": not labelled strimzi.io/cluster: " + cluster));
        for (ServiceConfig service : services.values()) {
            Set<String> used = new TreeSet<>(service.consumed);
            used.addAll(service.liveConsumed);
            used.addAll(service.produced);
            service.consumed.forEach(t -> used.add(t + ".dlq"));
            used.stream().filter(t -> topic(t).isEmpty()).forEach(t -> problems.add(service.name + ": uses " + t + ", which is no KafkaTopic"));
            r.find("KafkaUser", service.name).ifPresentOrElse(user -> acls(service, user),
                    () -> problems.add(service.name + ": no KafkaUser"));
        }
        r.ofKind("KafkaUser").filter(u -> !services.containsKey(Rendered.name(u))).forEach(u -> {
            for (JsonNode acl : u.path("spec").path("authorization").path("acls")) {
                if (!texts(acl.path("operations")).equals(List.of("Describe"))) {
                    problems.add(Rendered.id(u) + ": a user that is no service may only Describe");
                }
            }
        });
    }

    private void acls(ServiceConfig service, JsonNode user) {
        String s = service.name;
        String authentication = user.path("spec").path("authentication").path("type").asText();
        if (!Set.of("scram-sha-512", "tls").contains(authentication)) {
            problems.add(s + ": its KafkaUser must authenticate (scram-sha-512 or tls)");
        }
        Set<String> read = new TreeSet<>();
        Set<String> write = new TreeSet<>();
        Set<String> described = new TreeSet<>();
        Set<String> groups = new TreeSet<>();
        Set<String> groupPrefixes = new TreeSet<>();
        for (JsonNode acl : user.path("spec").path("authorization").path("acls")) {
            JsonNode resource = acl.path("resource");
            String type = resource.path("type").asText();
            String name = resource.path("name").asText();
            List<String> operations = texts(acl.path("operations"));
            if ("group".equals(type) && "prefix".equals(resource.path("patternType").asText()) && service.liveGroupPrefixes.contains(name)
                    && operations.equals(List.of("Read")) && "allow".equals(acl.path("type").asText("allow"))) {
                groupPrefixes.add(name);
                continue;
            }
            if (!"literal".equals(resource.path("patternType").asText("literal")) || "*".equals(name) || !"allow".equals(acl.path("type").asText("allow"))) {
                problems.add(s + ": ACLs name single topics and groups (literal, no '*', allow): " + acl);
                continue;
            }
            switch (type) {
                case "topic" -> {
                    for (String op : operations) {
                        switch (op) {
                            case "Read" -> read.add(name);
                            case "Write" -> write.add(name);
                            case "Describe" -> described.add(name);
                            default -> problems.add(s + ": " + op + " on topic " + name + " is more than it needs");
                        }
                    }
                }
                case "group" -> {
                    if (operations.equals(List.of("Read"))) {
                        groups.add(name);
                    } else {
                        problems.add(s + ": on its consumer group it needs Read only, not " + operations);
                    }
                }
                default -> problems.add(s + ": an ACL on a " + type + " is more than it needs");
            }
        }
        // dead-letter replay: an admin reads <topic>.dlq and puts letters back on <topic>, for each topic it consumes
        Set<String> reads = new TreeSet<>(service.consumed);
        service.consumed.forEach(t -> reads.add(t + ".dlq"));
        reads.addAll(service.liveConsumed);
        Set<String> writes = new TreeSet<>(service.produced);
        writes.addAll(service.consumed);
        if (!read.equals(reads)) {
            problems.add(s + ": may read " + read + " but consumes and replays from " + reads);
        }
        if (!write.equals(writes)) {
            problems.add(s + ": may write " + write + " but produces and replays to " + writes);
        }
        if (!groups.equals(service.groups)) {
            problems.add(s + ": may use groups " + groups + " but its consumers use " + service.groups);
        }
        if (!groupPrefixes.equals(service.liveGroupPrefixes)) {
            problems.add(s + ": may use the per-instance groups " + groupPrefixes + "* but its live consumers use " + service.liveGroupPrefixes + "*");
        }
        described.removeAll(reads);
        described.removeAll(writes);
        if (!described.isEmpty()) {
            problems.add(s + ": may describe " + described + ", which it neither reads nor writes");
        }
    }

    /**
     * KEDA's lag triggers: each reads a topic the scaled service consumes, with that service's group, through the
     * bootstrap service named with its namespace (KEDA's operator runs in another), and the listener admits a peer
     * from another namespace.
     */
    private void lagScaling(JsonNode kafka) {
        List<JsonNode> scaled = r.ofKind("ScaledObject").toList();
        if (scaled.isEmpty()) {
            return;
        }
        JsonNode listener = stream(kafka.path("spec").path("kafka").path("listeners")).findFirst().orElse(null);
        if (listener == null) {
            return;
        }
        String bootstrap = Rendered.name(kafka) + "-kafka-bootstrap." + kafka.path("metadata").path("namespace").asText()
                + ".svc:" + listener.path("port").asInt();
        for (JsonNode object : scaled) {
            ServiceConfig service = services.get(object.path("spec").path("scaleTargetRef").path("name").asText());
            if (service == null) {
                problems.add(Rendered.id(object) + ": scales no Madoguchi service");
                continue;
            }
            for (JsonNode trigger : object.path("spec").path("triggers")) {
                JsonNode metadata = trigger.path("metadata");
                if (!"kafka".equals(trigger.path("type").asText())) {
                    continue;
                }
                if (!bootstrap.equals(metadata.path("bootstrapServers").asText())) {
                    problems.add(Rendered.id(object) + ": bootstrapServers must be " + bootstrap + " (KEDA runs in its own namespace)");
                }
                if (!service.groups.contains(metadata.path("consumerGroup").asText())
                        || !service.consumed.contains(metadata.path("topic").asText())) {
                    problems.add(Rendered.id(object) + ": a trigger on " + metadata.path("topic").asText() + "/"
                            + metadata.path("consumerGroup").asText() + ", which " + service.name + " does not consume");
                }
            }
        }
        boolean admitted = stream(listener.path("networkPolicyPeers")).anyMatch(peer -> KEDA_NAMESPACE.equals(
                peer.path("namespaceSelector").path("matchLabels").path("kubernetes.io/metadata.name").asText()));
        if (!admitted) {
            problems.add("Kafka: the listener's networkPolicyPeers must admit KEDA's operator from the namespace " + KEDA_NAMESPACE);
        }
    }

    private void oneDatabasePerService() {
        Map<String, String> owner = new HashMap<>();
        for (ServiceConfig service : services.values()) {
            r.find("Deployment", service.name).ifPresent(d -> stream(d.path("spec").path("template").path("spec").path("containers"))
                    .findFirst().ifPresent(container -> {
                        String cluster = databaseCluster(environment(container));
                        String previous = cluster == null ? null : owner.put(cluster, service.name);
                        if (previous != null) {
                            problems.add("Cluster/" + cluster + ": shared by " + previous + " and " + service.name + "; each service has its own");
                        }
                    }));
        }
    }

    private void noLiteralSecrets() {
        r.ofKind("Secret").forEach(secret -> problems.add(Rendered.id(secret) + ": secrets are created in the cluster, never kept in the manifests"));
        for (JsonNode object : r.objects) {
            if (object.toString().contains("-----BEGIN")) {
                problems.add(Rendered.id(object) + ": holds a PEM block; keys and certificates belong in Secrets created in the cluster");
            }
        }
        r.ofKind("ConfigMap").forEach(map -> map.path("data").fieldNames().forEachRemaining(key -> {
            if (SECRET_NAME.matcher(key).matches()) {
                problems.add(Rendered.id(map) + ": " + key + " looks like a secret; reference a Secret instead");
            }
        }));
        r.ofKind("Deployment").forEach(d -> stream(d.path("spec").path("template").path("spec").path("containers"))
                .forEach(container -> stream(container.path("env")).forEach(e -> {
                    if (SECRET_NAME.matcher(e.path("name").asText()).matches() && e.path("valueFrom").path("secretKeyRef").isMissingNode()) {
                        problems.add(Rendered.id(d) + ": " + e.path("name").asText() + " must come from a Secret (secretKeyRef), not a literal");
                    }
                })));
    }

    /**
     * The Ingresses send each path to the service that answers it and to no other's, route everything served to people
     * and clients outside except {@value #INSIDE_ONLY} (and each service's contract files, the same paths everywhere),
     * and put a page that signs in through another service's sign-in on that sign-in's host: the session cookie is the
     * host's.
     */
    private void ingresses() {
        Map<String, Map<String, String>> routes = new HashMap<>(); // host -> path -> service
        r.ofKind("Ingress").forEach(ingress -> ingress.path("spec").path("rules").forEach(rule -> {
            String host = rule.path("host").asText();
            rule.path("http").path("paths").forEach(route -> {
                String path = route.path("path").asText();
                String backend = route.path("backend").path("service").path("name").asText();
                String port = route.path("backend").path("service").path("port").path("name").asText();
                String where = Rendered.id(ingress) + ": " + host + path;
                if (r.find("Service", backend).filter(svc -> stream(svc.path("spec").path("ports"))
                        .anyMatch(p -> port.equals(p.path("name").asText()))).isEmpty()) {
                    problems.add(where + " goes to Service " + backend + " port '" + port + "', which is not in the manifests");
                }
                String before = routes.computeIfAbsent(host, h -> new HashMap<>()).put(path, backend);
                if (before != null && !before.equals(backend)) {
                    problems.add(where + " is routed to both " + before + " and " + backend);
                }
                if (path.equals(INSIDE_ONLY) || path.startsWith(INSIDE_ONLY + "/")) {
                    problems.add(where + " exposes " + INSIDE_ONLY + ", which stays inside the cluster");
                }
                ServiceConfig service = services.get(backend);
                if (service != null && !service.serves(path)) {
                    problems.add(where + " goes to " + backend + ", which serves nothing under " + path);
                }
                services.values().stream().filter(other -> other != service)
                        .forEach(other -> other.servedRoots.stream().filter(root -> root.equals(path) || root.startsWith(path + "/"))
                                .forEach(root -> problems.add(where + " takes " + root + " away from " + other.name)));
            });
        }));
        for (ServiceConfig service : services.values()) {
            for (String root : service.servedRoots) {
                boolean contract = root.equals("/schemas") || root.equals("/asyncapi.yaml");
                boolean routed = routes.values().stream().anyMatch(paths -> paths.entrySet().stream().anyMatch(route -> service.name
                        .equals(route.getValue()) && ServiceConfig.under(route.getKey(), Set.of(root))));
                if (!contract && !root.startsWith(INSIDE_ONLY) && !routed) {
                    problems.add(service.name + ": no Ingress routes " + root);
                }
            }
            String signInUrl = service.properties.getProperty("madoguchi.sign-in.sign-in-url", "");
            String home = service.properties.getProperty("madoguchi.sign-in.home", "");
            if (signInUrl.startsWith("/")) {
                routes.forEach((host, paths) -> {
                    boolean homeHere = paths.entrySet().stream().anyMatch(route -> service.name.equals(route.getValue())
                            && ServiceConfig.under(route.getKey(), Set.of(home.replaceAll("/$", ""))));
                    boolean signInHere = paths.entrySet().stream().anyMatch(route -> ServiceConfig.under(signInUrl, Set.of(route.getKey()))
                            && services.containsKey(route.getValue()) && services.get(route.getValue()).signsIn());
                    if (homeHere && !signInHere) {
                        problems.add(service.name + ": " + home + " on " + host + " signs in at " + signInUrl
                                + ", which that host does not route to a service with sign-in");
                    }
                });
            }
        }
    }

    private void secretExists(String what, String secret) {
        boolean fromOperator = r.find("KafkaUser", secret).isPresent()
                || secret.endsWith("-app") && r.find("Cluster", secret.substring(0, secret.length() - 4)).isPresent();
        if (!fromOperator && !PROVIDED_SECRETS.contains(secret)) {
            problems.add(what + " reads the Secret " + secret + ", which no operator writes and deploy/README.md does not list");
        }
    }

    /** Env of a container: its own entries and those of the ConfigMaps it takes whole, as name → {value | valueFrom}. */
    private Map<String, JsonNode> environment(JsonNode container) {
        Map<String, JsonNode> env = new HashMap<>();
        for (JsonNode from : container.path("envFrom")) {
            String map = from.path("configMapRef").path("name").asText(null);
            if (map == null) {
                continue;
            }
            r.find("ConfigMap", map).ifPresentOrElse(found -> found.path("data").fields().forEachRemaining(e -> env.put(e.getKey(),
                    com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode().put("value", e.getValue().asText()))),
                    () -> problems.add(container.path("name").asText() + ": takes the ConfigMap " + map + ", which is not in the manifests"));
        }
        container.path("env").forEach(e -> env.put(e.path("name").asText(), e));
        return env;
    }

    private Optional<JsonNode> topic(String name) {
        return r.ofKind("KafkaTopic").filter(t -> name.equals(t.path("spec").path("topicName").asText(Rendered.name(t)))).findFirst();
    }

    private JsonNode one(String kind) {
        List<JsonNode> found = r.ofKind(kind).toList();
        if (found.size() != 1) {
            problems.add("expected one " + kind + ", found " + found.size());
        }
        return found.isEmpty() ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : found.get(0);
    }

    private static String value(JsonNode env) {
        return env == null ? null : env.path("value").asText(null);
    }

    private static String secretName(JsonNode env) {
        return env == null ? null : env.path("valueFrom").path("secretKeyRef").path("name").asText(null);
    }

    /** A selector selects the labels when each of its entries is among them (an empty selector selects nothing here). */
    private static boolean selects(JsonNode selector, Map<String, String> labels) {
        Map<String, String> wanted = strings(selector);
        return !wanted.isEmpty() && labels.entrySet().containsAll(wanted.entrySet());
    }

    private static Map<String, String> strings(JsonNode node) {
        Map<String, String> map = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            map.put(e.getKey(), e.getValue().asText());
        }
        return map;
    }

    private static List<String> texts(JsonNode array) {
        List<String> list = new ArrayList<>();
        array.forEach(n -> list.add(n.asText()));
        return list;
    }

    private static java.util.stream.Stream<JsonNode> stream(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false);
    }
}
