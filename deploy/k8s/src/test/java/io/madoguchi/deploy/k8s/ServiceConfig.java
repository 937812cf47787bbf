package io.madoguchi.deploy.k8s;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/**
 * What a service's own source says about its configuration: application.properties, the names its code reads
 * ({@code @ConfigProperty}, {@code @ConfigMapping}), the topics and consumer groups of its channels, the topics its
 * AsyncAPI document says it sends to, its port,
 * shutdown timeout and extensions.
 */
final class ServiceConfig {

    private static final Pattern CONFIG_PROPERTY = Pattern.compile("@ConfigProperty\\(name = \"([^\"]+)\"");
    private static final Pattern CONFIG_MAPPING = Pattern.compile("@ConfigMapping\\(prefix = \"([^\"]+)\"");
    /** A resource class's own path: annotated at the start of a line, where a method's is indented. */
    private static final Pattern RESOURCE_PATH = Pattern.compile("^@Path\\(\"([^\"]+)\"\\)", Pattern.MULTILINE);
    /** Where the chassis' SignInResource answers in a service that turns sign-in on. */
    private static final String SIGN_IN_ROOT = "/auth";
    /** The standard OpenTelemetry variables the chassis reads (OtelEnvironmentConfigSource). */
    private static final Pattern OTEL_VARIABLE = Pattern.compile("\"(OTEL_[A-Z_]+)\"");
    private static final Pattern CHANNEL = Pattern.compile("mp\\.messaging\\.(incoming|outgoing)\\.([^.]+)\\.(topic|group\\.id|dead-letter-queue\\.topic)");
    /** The outgoing channel on which the chassis' DeadLetters writes to {@code <consumed topic>.dlq}. */
    private static final String DEAD_LETTERS = "dead-letters";
    private static final Set<String> KAFKA_CLIENT_SETTINGS = new HashSet<>();
    /** Read by the JVM and the C library rather than by the service's configuration. */
    private static final Set<String> RUNTIME_ENV = Set.of("JAVA_TOOL_OPTIONS", "MALLOC_ARENA_MAX");

    static {
        KAFKA_CLIENT_SETTINGS.addAll(ProducerConfig.configNames());
        KAFKA_CLIENT_SETTINGS.addAll(ConsumerConfig.configNames());
    }

    final String name;
    final Properties properties = new Properties();
    private final Set<String> knownNames = new HashSet<>();
    private final Set<String> mappingPrefixes = new HashSet<>();
    private final Set<String> otelVariables = new HashSet<>();
    final Set<String> consumed = new TreeSet<>();
    final Set<String> produced = new TreeSet<>();
    final Set<String> groups = new TreeSet<>();
    /**
     * Topics read under a consumer group of each instance's own ({@code group.id} holding {@code ${quarkus.uuid}}: the
     * workspace's live updates), from now on and committing nothing: no dead letters, no replay, any number of replicas.
     */
    final Set<String> liveConsumed = new TreeSet<>();
    /** The prefixes of those per-instance groups, which the KafkaUser allows by a prefix ACL. */
    final Set<String> liveGroupPrefixes = new TreeSet<>();
    /**
     * The paths its own code and files answer under: its resource classes' paths and the top of META-INF/resources. The
     * chassis' sign-in pages are not among them: every service with sign-in has them, see {@link #signsIn()}.
     */
    final Set<String> servedRoots = new TreeSet<>();
    final String pom;

    ServiceConfig(Path root, String name) {
        this.name = name;
        Path module = root.resolve(name);
        try (Reader reader = Files.newBufferedReader(module.resolve("src/main/resources/application.properties"))) {
            properties.load(reader);
            pom = Files.readString(module.resolve("pom.xml"));
            try (Stream<Path> sources = Files.walk(module.resolve("src/main/java"))) {
                for (Path source : sources.filter(p -> p.toString().endsWith(".java")).toList()) {
                    String text = Files.readString(source);
                    CONFIG_PROPERTY.matcher(text).results().forEach(m -> knownNames.add(m.group(1)));
                    CONFIG_MAPPING.matcher(text).results().forEach(m -> mappingPrefixes.add(m.group(1)));
                    RESOURCE_PATH.matcher(text).results().forEach(m -> servedRoots.add(m.group(1).replaceAll("/$", "")));
                }
            }
            Path resources = module.resolve("src/main/resources/META-INF/resources");
            if (Files.isDirectory(resources)) {
                try (Stream<Path> files = Files.list(resources)) {
                    files.forEach(f -> servedRoots.add("/" + f.getFileName()));
                }
            }
            try (Stream<Path> sources = Files.walk(root.resolve("chassis/src/main/java"))) {
                for (Path source : sources.filter(p -> p.toString().endsWith(".java")).toList()) {
                    String text = Files.readString(source);
                    OTEL_VARIABLE.matcher(text).results().forEach(m -> otelVariables.add(m.group(1)));
                    // the chassis' own settings (sign-in, ...) are every service's
                    CONFIG_MAPPING.matcher(text).results().forEach(m -> mappingPrefixes.add(m.group(1)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Set<String> perInstance = new HashSet<>();
        for (String key : properties.stringPropertyNames()) {
            Matcher channel = CHANNEL.matcher(key);
            if (!key.startsWith("%") && channel.matches() && channel.group(3).equals("group.id")
                    && properties.getProperty(key).contains("${quarkus.uuid}")) {
                perInstance.add(channel.group(2));
                liveGroupPrefixes.add(properties.getProperty(key).substring(0, properties.getProperty(key).indexOf("${")));
            }
        }
        for (String key : properties.stringPropertyNames()) {
            knownNames.add(key.startsWith("%") ? key.substring(key.indexOf('.') + 1) : key);
            Matcher channel = CHANNEL.matcher(key);
            if (!key.startsWith("%") && channel.matches()) {
                String value = properties.getProperty(key);
                switch (channel.group(3)) {
                    case "topic" -> {
                        if ("incoming".equals(channel.group(1)) && perInstance.contains(channel.group(2))) {
                            liveConsumed.add(value);
                        } else if ("incoming".equals(channel.group(1))) {
                            consumed.add(value);
                        } else if (!DEAD_LETTERS.equals(channel.group(2))) {
                            produced.add(value);
                        }
                    }
                    case "group.id" -> {
                        if (!perInstance.contains(channel.group(2))) {
                            groups.add(value);
                        }
                    }
                    default -> produced.add(value);
                }
            }
        }
        produced.addAll(publishedTopics(module.resolve("src/main/resources/META-INF/resources/asyncapi.yaml")));
        // its topic setting is only a default: every dead letter names the topic its record came from plus .dlq
        if (properties.stringPropertyNames().stream().anyMatch(k -> k.startsWith("mp.messaging.outgoing." + DEAD_LETTERS + "."))) {
            consumed.forEach(topic -> produced.add(topic + ".dlq"));
        }
    }

    /**
     * The topics of the channels the service's AsyncAPI document says it sends to: its outbox channel's topic setting is
     * only a default, every outbox row names its own topic.
     */
    private static Set<String> publishedTopics(Path asyncApi) {
        Set<String> topics = new TreeSet<>();
        if (!Files.exists(asyncApi)) {
            return topics;
        }
        try {
            JsonNode document = new YAMLMapper().readTree(asyncApi.toFile());
            document.path("operations").forEach(operation -> {
                if ("send".equals(operation.path("action").asText())) {
                    String ref = operation.path("channel").path("$ref").asText();
                    String channel = ref.substring(ref.lastIndexOf('/') + 1);
                    topics.add(document.path("channels").path(channel).path("address").asText());
                }
            });
            return topics;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Env names as SmallRye Config maps them: {@code quarkus.http.port} is read from {@code QUARKUS_HTTP_PORT}. */
    static String envName(String property) {
        return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    /**
     * Whether an environment variable means something to this service: a setting of its configuration or code, one
     * under a {@code @ConfigMapping} prefix, a Kafka client setting (Quarkus passes {@code KAFKA_*} on to every Kafka
     * client), one the runtime reads ({@code JAVA_TOOL_OPTIONS}, glibc's {@code MALLOC_ARENA_MAX}) or a standard
     * OpenTelemetry variable the chassis reads.
     */
    boolean understands(String env) {
        if (RUNTIME_ENV.contains(env) || otelVariables.contains(env) || knownNames.stream().anyMatch(n -> envName(n).equals(env))) {
            return true;
        }
        if (mappingPrefixes.stream().anyMatch(p -> env.startsWith(envName(p) + "_"))) {
            return true;
        }
        return env.startsWith("KAFKA_") && KAFKA_CLIENT_SETTINGS.contains(env.substring(6).toLowerCase(Locale.ROOT).replace('_', '.'));
    }

    int httpPort() {
        return Integer.parseInt(properties.getProperty("quarkus.http.port", "8080"));
    }

    Duration shutdownTimeout() {
        String value = properties.getProperty("quarkus.shutdown.timeout", "0s");
        return Duration.parse("PT" + value.toUpperCase(Locale.ROOT));
    }

    /** Health endpoints under the non-application root, unless the service moved them. */
    String healthPath(String probe) {
        String root = properties.getProperty("quarkus.http.non-application-root-path", "q");
        String health = properties.getProperty("quarkus.smallrye-health.root-path", "health");
        return "/" + root.replaceAll("^/|/$", "") + "/" + health.replaceAll("^/|/$", "") + "/" + probe;
    }

    /** Whether it serves the chassis' sign-in pages under {@value #SIGN_IN_ROOT}. */
    boolean signsIn() {
        return Boolean.parseBoolean(properties.getProperty("madoguchi.sign-in.enabled", "false"));
    }

    /** Whether a request for {@code path} reaches something of this service's (its roots, or sign-in where it has it). */
    boolean serves(String path) {
        return under(path, servedRoots) || signsIn() && under(path, Set.of(SIGN_IN_ROOT));
    }

    /** Whether one of {@code roots} is {@code path} or lies under it, or {@code path} lies under one of them. */
    static boolean under(String path, Set<String> roots) {
        return roots.stream().anyMatch(root -> root.equals(path) || path.startsWith(root + "/") || root.startsWith(path + "/"));
    }

    boolean hasExtension(String artifactId) {
        return pom.contains("<artifactId>" + artifactId + "</artifactId>");
    }
}
