package io.madoguchi.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import io.madoguchi.e2e.OtlpReceiver.ReceivedSpan;

/**
 * The spans of one inquiry's trace as the receiver got them, and the checks of its shape: each hop's span a child of
 * the hop before it, across services, and each consumer batch's span linked to the records it applied.
 */
final class InquiryTrace {

    private final List<ReceivedSpan> all;
    private final List<ReceivedSpan> trace;
    private final Map<String, ReceivedSpan> byId;

    InquiryTrace(List<ReceivedSpan> all, String traceId) {
        this.all = all;
        this.trace = all.stream().filter(s -> s.traceId().equals(traceId)).toList();
        this.byId = trace.stream().collect(Collectors.toMap(ReceivedSpan::spanId, Function.identity(), (a, b) -> a));
    }

    /** The spans of {@code service} in the trace that match. */
    List<ReceivedSpan> matching(String service, Predicate<ReceivedSpan> matches) {
        return trace.stream().filter(s -> s.service().equals(service)).filter(matches).toList();
    }

    /** The one span of {@code service} in the trace that matches, failing when there is none or several. */
    ReceivedSpan one(String service, String what, Predicate<ReceivedSpan> matches) {
        List<ReceivedSpan> found = trace.stream().filter(s -> s.service().equals(service)).filter(matches).toList();
        assertEquals(1, found.size(), service + ": one " + what + " expected in " + describe());
        return found.get(0);
    }

    /** The spans of {@code service} named {@code name} whose parent is {@code parent}. */
    List<ReceivedSpan> children(String service, String namePrefix, ReceivedSpan parent) {
        return trace.stream().filter(s -> s.service().equals(service) && s.name().startsWith(namePrefix)
                && s.parentSpanId().equals(parent.spanId())).toList();
    }

    /** Fails unless {@code span} has {@code ancestor} above it in the trace. */
    void assertDescends(ReceivedSpan span, ReceivedSpan ancestor) {
        assertTrue(descends(span, ancestor), span.name() + " (" + span.service() + ") does not descend from " + ancestor.name() + " in " + describe());
    }

    /** Fails unless some span of {@code service} named {@code name}, in any trace, links to {@code record}. */
    void assertBatchLinks(String service, String name, ReceivedSpan record) {
        assertTrue(all.stream().anyMatch(s -> s.service().equals(service) && s.name().equals(name)
                        && s.links().stream().anyMatch(l -> l.traceId().equals(record.traceId()) && l.spanId().equals(record.spanId()))),
                service + ": no '" + name + "' span links to " + record.name());
    }

    /** Fails unless a database span of {@code service} is a descendant of {@code parent}. */
    void assertDatabaseWorkUnder(String service, ReceivedSpan parent) {
        List<ReceivedSpan> database = trace.stream().filter(s -> s.service().equals(service) && s.kind().equals("SPAN_KIND_CLIENT")
                && s.attributeKeys().stream().anyMatch(k -> k.startsWith("db."))).toList();
        assertFalse(database.isEmpty(), service + ": no database span in " + describe());
        assertTrue(database.stream().anyMatch(d -> descends(d, parent)), service + ": no database span under " + parent.name());
    }

    private boolean descends(ReceivedSpan span, ReceivedSpan ancestor) {
        ReceivedSpan at = span;
        while (at != null && !at.spanId().equals(ancestor.spanId())) {
            at = byId.get(at.parentSpanId());
        }
        return at != null;
    }

    String describe() {
        return trace.stream().map(s -> s.service() + " " + s.kind().replace("SPAN_KIND_", "") + " '" + s.name() + "' " + s.spanId()
                + " ← " + s.parentSpanId()).collect(Collectors.joining("\n  ", "the trace:\n  ", ""));
    }
}
