package io.madoguchi.chassis.tracing;

import java.util.Map;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.smallrye.common.vertx.VertxContext;

/**
 * The W3C {@code traceparent} of a span as text and back, so that a trace survives where no thread or request
 * carries it: an outbox row, a Kafka record's {@code ce_traceparent} header.
 */
public final class Traces {

    private static final String TRACEPARENT = "traceparent";
    private static final TextMapGetter<Map<String, String>> GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };

    private Traces() {
    }

    /** The traceparent of the current span, or null where there is none (no request or record being traced). */
    public static String currentTraceparent() {
        return traceparent(Span.current().getSpanContext());
    }

    public static String traceparent(SpanContext span) {
        if (!span.isValid()) {
            return null;
        }
        return "00-" + span.getTraceId() + "-" + span.getSpanId() + "-" + span.getTraceFlags().asHex();
    }

    /** A context whose parent is the span {@code traceparent} names; the root context for null or malformed text. */
    public static Context parent(String traceparent) {
        if (traceparent == null || traceparent.isBlank()) {
            return Context.root();
        }
        return W3CTraceContextPropagator.getInstance().extract(Context.root(), Map.of(TRACEPARENT, traceparent), GETTER);
    }

    /**
     * Makes {@code context} current on this Vert.x duplicated context, for what runs on it from now on (the spans of
     * its database work, the traceparent of the outbox rows it writes, the trace ids of its log lines). Not undone:
     * the duplicated contexts this is used on belong to one attempt at a batch and end with it. Off a duplicated
     * context (where the context would stick to a pooled thread) it does nothing.
     */
    @SuppressWarnings("resource")
    public static void attach(Context context) {
        if (VertxContext.isOnDuplicatedContext()) {
            context.makeCurrent();
        }
    }
}
