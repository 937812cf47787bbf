package io.madoguchi.chassis.tracing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Map;

import org.junit.jupiter.api.Test;

class OtelEnvironmentConfigSourceTest {

    @Test
    void tracingIsOffWithoutAnEndpoint() {
        OtelEnvironmentConfigSource source = new OtelEnvironmentConfigSource(Map.of("OTEL_TRACES_SAMPLER", "traceidratio"));
        assertEquals("true", source.getValue("quarkus.otel.sdk.disabled"));
        assertEquals("traceidratio", source.getValue("madoguchi.tracing.sampler"));
    }

    @Test
    void anEndpointTurnsTracingOnOverOtlpHttpUnlessToldOtherwise() {
        OtelEnvironmentConfigSource source = new OtelEnvironmentConfigSource(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", " http://collector:4318 ",
                "OTEL_TRACES_SAMPLER_ARG", "0.1", "OTEL_BSP_SCHEDULE_DELAY", "200"));
        assertEquals("false", source.getValue("quarkus.otel.sdk.disabled"));
        assertEquals("http://collector:4318", source.getValue("quarkus.otel.exporter.otlp.endpoint"));
        assertEquals("http/protobuf", source.getValue("quarkus.otel.exporter.otlp.traces.protocol"));
        assertEquals("0.1", source.getValue("madoguchi.tracing.sampler-arg"));
        assertEquals("200ms", source.getValue("quarkus.otel.bsp.schedule.delay"));
        assertNull(source.getValue("madoguchi.tracing.sampler"), "the sampler stays the default");
    }

    @Test
    void theTracesEndpointAndProtocolWinAndTracingCanBeTurnedOffExplicitly() {
        OtelEnvironmentConfigSource source = new OtelEnvironmentConfigSource(Map.of(
                "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "http://collector:4317", "OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf",
                "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "grpc", "OTEL_SDK_DISABLED", "true"));
        assertEquals("http://collector:4317", source.getValue("quarkus.otel.exporter.otlp.traces.endpoint"));
        assertEquals("grpc", source.getValue("quarkus.otel.exporter.otlp.traces.protocol"));
        assertEquals("true", source.getValue("quarkus.otel.sdk.disabled"));
    }
}
