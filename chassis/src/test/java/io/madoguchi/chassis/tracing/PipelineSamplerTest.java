package io.madoguchi.chassis.tracing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.samplers.SamplingDecision;

class PipelineSamplerTest {

    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final Context SAMPLED_PARENT = Traces.parent("00-" + TRACE + "-00f067aa0ba902b7-01");

    @Test
    void aDatabaseCallOutsideAnyTraceIsNotTracedButOneInsideIs() {
        PipelineSampler sampler = new PipelineSampler("parentbased_always_on", 1.0);
        assertEquals(SamplingDecision.DROP, decide(sampler, Context.root(), SpanKind.CLIENT));
        assertEquals(SamplingDecision.RECORD_AND_SAMPLE, decide(sampler, SAMPLED_PARENT, SpanKind.CLIENT));
        assertEquals(SamplingDecision.RECORD_AND_SAMPLE, decide(sampler, Context.root(), SpanKind.SERVER));
        assertEquals(SamplingDecision.RECORD_AND_SAMPLE, decide(sampler, Context.root(), SpanKind.PRODUCER));
    }

    @Test
    void theConfiguredRatioDecidesNewTracesAndTheParentItsChildren() {
        PipelineSampler none = new PipelineSampler("parentbased_traceidratio", 0.0);
        assertEquals(SamplingDecision.DROP, decide(none, Context.root(), SpanKind.SERVER));
        assertEquals(SamplingDecision.RECORD_AND_SAMPLE, decide(none, SAMPLED_PARENT, SpanKind.CONSUMER));
        assertThrows(IllegalArgumentException.class, () -> new PipelineSampler("sometimes", 1.0));
    }

    private static SamplingDecision decide(PipelineSampler sampler, Context parent, SpanKind kind) {
        return sampler.shouldSample(parent, TRACE, "span", kind, Attributes.empty(), List.of()).getDecision();
    }
}
