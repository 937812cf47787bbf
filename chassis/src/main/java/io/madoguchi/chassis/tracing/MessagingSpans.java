package io.madoguchi.chassis.tracing;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

import io.madoguchi.chassis.cloudevents.CloudEventHeaders;
import io.madoguchi.chassis.cloudevents.CloudEventRecord;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The spans of the event pipeline: the relay's publish of an outbox row, continuing the trace of the transaction that
 * wrote it; and a consumer's batch, one span for the batch linked to each record's trace, and one span per record
 * continuing that record's trace ({@code ce_traceparent}), so that one inquiry's spans form one trace across services.
 */
@ApplicationScoped
public class MessagingSpans {

    /** The record spans of the batch being applied, by the event read from each record, for {@link #attachRecord}. */
    private static final ContextKey<Map<Object, RecordTrace>> RECORDS = ContextKey.named("madoguchi-batch-records");

    private static final AttributeKey<String> SYSTEM = AttributeKey.stringKey("messaging.system");
    private static final AttributeKey<String> OPERATION = AttributeKey.stringKey("messaging.operation.type");
    private static final AttributeKey<String> DESTINATION = AttributeKey.stringKey("messaging.destination.name");
    private static final AttributeKey<String> MESSAGE_ID = AttributeKey.stringKey("messaging.message.id");
    private static final AttributeKey<String> EVENT_TYPE = AttributeKey.stringKey("cloudevents.event_type");
    private static final AttributeKey<String> SUBJECT = AttributeKey.stringKey("cloudevents.event_subject");
    private static final AttributeKey<String> KEY = AttributeKey.stringKey("messaging.kafka.message.key");
    private static final AttributeKey<Long> PARTITION = AttributeKey.longKey("messaging.destination.partition.id");
    private static final AttributeKey<Long> OFFSET = AttributeKey.longKey("messaging.kafka.offset");
    private static final AttributeKey<Long> BATCH_COUNT = AttributeKey.longKey("messaging.batch.message_count");

    private static final Logger LOG = Logger.getLogger(MessagingSpans.class);

    private final Tracer tracer;

    public MessagingSpans(Tracer tracer) {
        this.tracer = tracer;
    }

    /** A started span for publishing one outbox row, child of the span that wrote the row ({@code traceparent}). */
    public Span publish(String topic, String key, UUID eventId, String eventType, String traceparent) {
        return tracer.spanBuilder("publish " + topic).setSpanKind(SpanKind.PRODUCER).setParent(Traces.parent(traceparent))
                .setAttribute(SYSTEM, "kafka").setAttribute(OPERATION, "send").setAttribute(DESTINATION, topic)
                .setAttribute(KEY, key).setAttribute(MESSAGE_ID, eventId.toString()).setAttribute(EVENT_TYPE, eventType)
                .startSpan();
    }

    /** Ends a span, marked failed where {@code failure} is not null. */
    public static void end(Span span, Throwable failure) {
        if (failure != null) {
            span.recordException(failure);
            span.setStatus(StatusCode.ERROR, failure.getMessage() == null ? failure.toString() : failure.getMessage());
        }
        span.end();
    }

    /** Starts the spans of a batch: one for the batch, linked to every record's trace, and one per record. */
    public <T> BatchSpans batch(String topic, List<T> events, List<ConsumerRecord<String, byte[]>> records) {
        SpanBuilder batch = tracer.spanBuilder("process " + topic).setSpanKind(SpanKind.CONSUMER).setNoParent()
                .setAttribute(SYSTEM, "kafka").setAttribute(OPERATION, "process").setAttribute(DESTINATION, topic)
                .setAttribute(BATCH_COUNT, (long) records.size());
        List<Context> parents = records.stream().map(r -> Traces.parent(header(r, CloudEventHeaders.TRACEPARENT))).toList();
        parents.forEach(parent -> {
            if (Span.fromContext(parent).getSpanContext().isValid()) {
                batch.addLink(Span.fromContext(parent).getSpanContext());
            }
        });
        Span batchSpan = batch.startSpan();
        Map<Object, RecordTrace> recordContexts = new IdentityHashMap<>();
        Map<ConsumerRecord<String, byte[]>, Span> recordSpans = new IdentityHashMap<>();
        for (int i = 0; i < records.size(); i++) {
            ConsumerRecord<String, byte[]> record = records.get(i);
            String type = header(record, CloudEventHeaders.TYPE);
            String id = header(record, CloudEventHeaders.ID);
            String subject = header(record, CloudEventHeaders.SUBJECT);
            Span span = tracer.spanBuilder("process " + topic + " " + type).setSpanKind(SpanKind.CONSUMER)
                    .setParent(parents.get(i)).addLink(batchSpan.getSpanContext())
                    .setAttribute(SYSTEM, "kafka").setAttribute(OPERATION, "process").setAttribute(DESTINATION, topic)
                    .setAttribute(PARTITION, (long) record.partition()).setAttribute(OFFSET, record.offset())
                    .setAttribute(MESSAGE_ID, id).setAttribute(EVENT_TYPE, type).setAttribute(SUBJECT, subject)
                    .startSpan();
            recordSpans.put(record, span);
            recordContexts.put(events.get(i), new RecordTrace(parents.get(i).with(span), subject, type, id, record));
        }
        return new BatchSpans(Context.root().with(batchSpan).with(RECORDS, recordContexts), batchSpan, recordSpans);
    }

    /**
     * Makes current the span a batch's set-based statements run under, one statement serving every record: the
     * record's span when the batch is one record, else the batch's ({@code batchTrace}, captured as the batch began).
     */
    public static void attachStatements(List<?> batch, Context batchTrace) {
        if (batch.size() == 1) {
            attachRecord(batch.get(0));
        } else {
            Traces.attach(batchTrace);
        }
    }

    /**
     * Makes the span of the record {@code event} was read from current, where a batch consumer is applying it: the
     * database work, outbox rows and log lines that follow belong to that record's trace, and log lines carry the
     * event's subject as {@code ticket_id}. Logs one line per record at DEBUG (category
     * {@code io.madoguchi.chassis.tracing}), to follow an inquiry in the logs by its trace id.
     */
    public static void attachRecord(Object event) {
        Map<Object, RecordTrace> records = Context.current().get(RECORDS);
        RecordTrace record = records == null ? null : records.get(event);
        if (record != null) {
            Traces.attach(record.context());
            LogIds.ticket(record.subject());
            if (LOG.isDebugEnabled()) {
                ConsumerRecord<?, ?> from = record.record();
                LOG.debugf("Applying %s %s from %s-%d@%d", record.type(), record.id(), from.topic(), from.partition(), from.offset());
            }
        }
    }

    /** A record's span in its trace, its subject (the ticket id where the event has one), and what it is, for logs. */
    private record RecordTrace(Context context, String subject, String type, String id, ConsumerRecord<?, ?> record) {
    }

    /** The spans of one batch, ended once it is applied or dead-lettered. */
    public static final class BatchSpans {

        private final Context context;
        private final Span batch;
        private final Map<ConsumerRecord<String, byte[]>, Span> records;

        BatchSpans(Context context, Span batch, Map<ConsumerRecord<String, byte[]>, Span> records) {
            this.context = context;
            this.batch = batch;
            this.records = records;
        }

        /** The batch's span and its records' spans, to be attached where an attempt at the batch runs. */
        public Context context() {
            return context;
        }

        public void deadLettered(ConsumerRecord<String, byte[]> record, Throwable failure) {
            Span span = records.get(record);
            if (span != null) {
                span.addEvent("dead-lettered");
                span.recordException(failure);
                span.setStatus(StatusCode.ERROR, "dead-lettered");
            }
        }

        public void end(Throwable failure) {
            records.values().forEach(Span::end);
            MessagingSpans.end(batch, failure);
        }
    }

    /** A header's text; null where it is missing or unreadable (reading the record dead-letters it then, not this). */
    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        try {
            return CloudEventRecord.header(record, name);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
