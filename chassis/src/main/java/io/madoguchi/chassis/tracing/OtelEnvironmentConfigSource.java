package io.madoguchi.chassis.tracing;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Reads OpenTelemetry's standard {@code OTEL_*} variables into Quarkus's {@code quarkus.otel.*} settings, which
 * Quarkus itself does not read, so that a platform team configures every service the way it configures any other
 * OpenTelemetry SDK. Tracing is off unless an OTLP endpoint is set ({@code OTEL_EXPORTER_OTLP_ENDPOINT} or
 * {@code OTEL_EXPORTER_OTLP_TRACES_ENDPOINT}) or {@code OTEL_SDK_DISABLED=false}. The ordinal sits below
 * application.properties and {@code QUARKUS_OTEL_*} variables, which win where both are set.
 */
public class OtelEnvironmentConfigSource implements ConfigSource {

    private static final Map<String, String> NAMES = Map.of(
            "OTEL_EXPORTER_OTLP_ENDPOINT", "quarkus.otel.exporter.otlp.endpoint",
            "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "quarkus.otel.exporter.otlp.traces.endpoint",
            "OTEL_EXPORTER_OTLP_HEADERS", "quarkus.otel.exporter.otlp.traces.headers",
            // Quarkus fixes its own sampler setting at build time; PipelineSampler reads these at run time
            "OTEL_TRACES_SAMPLER", "madoguchi.tracing.sampler",
            "OTEL_TRACES_SAMPLER_ARG", "madoguchi.tracing.sampler-arg",
            "OTEL_SERVICE_NAME", "quarkus.otel.service.name",
            "OTEL_RESOURCE_ATTRIBUTES", "quarkus.otel.resource.attributes");

    private final Map<String, String> properties;

    public OtelEnvironmentConfigSource() {
        this(System.getenv());
    }

    OtelEnvironmentConfigSource(Map<String, String> environment) {
        Map<String, String> read = new HashMap<>();
        NAMES.forEach((variable, property) -> {
            String value = environment.get(variable);
            if (value != null && !value.isBlank()) {
                read.put(property, value.trim());
            }
        });
        // the OpenTelemetry specification's default protocol; Quarkus's own default is gRPC
        String protocol = environment.getOrDefault("OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", environment.get("OTEL_EXPORTER_OTLP_PROTOCOL"));
        read.put("quarkus.otel.exporter.otlp.traces.protocol", protocol == null || protocol.isBlank() ? "http/protobuf" : protocol.trim());
        if (environment.containsKey("OTEL_BSP_SCHEDULE_DELAY")) {
            read.put("quarkus.otel.bsp.schedule.delay", environment.get("OTEL_BSP_SCHEDULE_DELAY").trim() + "ms");
        }
        boolean endpoint = read.containsKey("quarkus.otel.exporter.otlp.endpoint")
                || read.containsKey("quarkus.otel.exporter.otlp.traces.endpoint");
        String disabled = environment.get("OTEL_SDK_DISABLED");
        read.put("quarkus.otel.sdk.disabled", disabled == null || disabled.isBlank() ? String.valueOf(!endpoint) : disabled.trim());
        this.properties = Map.copyOf(read);
    }

    @Override
    public Map<String, String> getProperties() {
        return properties;
    }

    @Override
    public Set<String> getPropertyNames() {
        return properties.keySet();
    }

    @Override
    public String getValue(String propertyName) {
        return properties.get(propertyName);
    }

    @Override
    public String getName() {
        return "OTEL_* environment";
    }

    @Override
    public int getOrdinal() {
        return 240;
    }
}
