package io.madoguchi.deploy.k8s;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;

/** The objects an overlay renders to, by {@code kubectl kustomize}, as the platform team would apply them. */
final class Rendered {

    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final YAMLFactory YAML = new YAMLFactory();

    final String overlay;
    final List<JsonNode> objects;

    private Rendered(String overlay, List<JsonNode> objects) {
        this.overlay = overlay;
        this.objects = objects;
    }

    /** Renders {@code dir} (an overlay or the base); fails when kubectl is missing or kustomize refuses it. */
    static Rendered of(Path dir) {
        String yaml = kustomize(dir);
        List<JsonNode> objects = new ArrayList<>();
        try (YAMLParser parser = YAML.createParser(yaml)) {
            var documents = JSON.readValues(parser, JsonNode.class);
            while (documents.hasNext()) {
                JsonNode document = documents.next();
                if (document != null && !document.isNull() && !document.isEmpty()) {
                    objects.add(document);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("kubectl kustomize " + dir + " wrote what is not YAML", e);
        }
        return new Rendered(dir.getFileName().toString(), objects);
    }

    private static String kustomize(Path dir) {
        ProcessBuilder builder = new ProcessBuilder("kubectl", "kustomize", dir.toString()).redirectErrorStream(false);
        try {
            Process process = builder.start();
            byte[] out = process.getInputStream().readAllBytes();
            byte[] err = process.getErrorStream().readAllBytes();
            if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
                throw new IllegalStateException("kubectl kustomize " + dir + " failed: " + new String(err, StandardCharsets.UTF_8));
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("The manifest tests render deploy/k8s with kubectl (1.27 or later, which has kustomize "
                    + "built in); it is not on the PATH: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    Stream<JsonNode> ofKind(String kind) {
        return objects.stream().filter(o -> kind.equals(o.path("kind").asText()));
    }

    Optional<JsonNode> find(String kind, String name) {
        return ofKind(kind).filter(o -> name.equals(name(o))).findFirst();
    }

    static String name(JsonNode object) {
        return object.path("metadata").path("name").asText();
    }

    static String id(JsonNode object) {
        return object.path("kind").asText() + "/" + name(object);
    }
}
