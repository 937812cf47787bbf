package io.madoguchi.deploy.k8s;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Where the project is, and what its services' sources say about their configuration. */
final class Project {

    static final Path ROOT = root();
    static final Path K8S = ROOT.resolve("deploy/k8s");
    static final Schemas SCHEMAS = new Schemas(K8S.resolve("schemas"));
    static final Map<String, ServiceConfig> SERVICES = services();

    private Project() {
    }

    private static Path root() {
        String configured = System.getProperty("madoguchi.root");
        Path root = configured != null ? Path.of(configured) : Path.of("../..");
        if (!Files.isDirectory(root.resolve("deploy/k8s/base"))) {
            throw new IllegalStateException("not the project root: " + root.toAbsolutePath());
        }
        return root.toAbsolutePath().normalize();
    }

    private static Map<String, ServiceConfig> services() {
        Map<String, ServiceConfig> services = new LinkedHashMap<>();
        ManifestChecks.SERVICES.forEach(name -> services.put(name, new ServiceConfig(ROOT, name)));
        return services;
    }
}
