package io.madoguchi.chassis.tracing;

import java.util.List;
import java.util.Locale;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import jakarta.inject.Singleton;

/**
 * The configured sampler ({@code OTEL_TRACES_SAMPLER} and {@code OTEL_TRACES_SAMPLER_ARG}, parent-based always-on by
 * default), except that database calls outside any request or record are not traced: the outbox relay, the SLA
 * timers and the gauges poll the database every second or so, and each poll would otherwise be a trace of its own
 * that buries the inquiries' traces. Quarkus uses a {@link Sampler} bean in place of the one it would configure (whose
 * {@code quarkus.otel.traces.sampler} is fixed at build time, so it could not be chosen by environment).
 */
@Singleton
public class PipelineSampler implements Sampler {

    private static final Logger LOG = Logger.getLogger(PipelineSampler.class);

    private final Sampler configured;

    public PipelineSampler(@ConfigProperty(name = "madoguchi.tracing.sampler", defaultValue = "parentbased_always_on") String name,
            @ConfigProperty(name = "madoguchi.tracing.sampler-arg", defaultValue = "1.0") double ratio) {
        this.configured = configured(name, ratio);
        LOG.infof("Traces are sampled by %s", getDescription());
    }

    static Sampler configured(String name, double ratio) {
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "always_on" -> Sampler.alwaysOn();
            case "always_off" -> Sampler.alwaysOff();
            case "traceidratio" -> Sampler.traceIdRatioBased(ratio);
            case "parentbased_always_off" -> Sampler.parentBased(Sampler.alwaysOff());
            case "parentbased_traceidratio" -> Sampler.parentBased(Sampler.traceIdRatioBased(ratio));
            case "parentbased_always_on" -> Sampler.parentBased(Sampler.alwaysOn());
            default -> throw new IllegalArgumentException("Unknown sampler '" + name + "': use always_on, always_off, traceidratio, "
                    + "parentbased_always_on, parentbased_always_off or parentbased_traceidratio");
        };
    }

    @Override
    public SamplingResult shouldSample(Context parentContext, String traceId, String name, SpanKind spanKind, Attributes attributes,
            List<LinkData> parentLinks) {
        if (spanKind == SpanKind.CLIENT && !Span.fromContext(parentContext).getSpanContext().isValid()) {
            return SamplingResult.drop();
        }
        return configured.shouldSample(parentContext, traceId, name, spanKind, attributes, parentLinks);
    }

    @Override
    public String getDescription() {
        return "PipelineSampler{" + configured.getDescription() + ", no database calls outside a trace}";
    }
}
