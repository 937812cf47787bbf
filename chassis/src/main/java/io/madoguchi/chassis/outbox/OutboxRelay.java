package io.madoguchi.chassis.outbox;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

import io.madoguchi.chassis.cloudevents.CloudEventHeaders;
import io.madoguchi.chassis.tracing.MessagingSpans;
import io.madoguchi.chassis.tracing.Traces;
import io.madoguchi.chassis.work.BatchDrain;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.trace.Span;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.ScheduledExecution;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/**
 * Publishes outbox rows as CloudEvents (Kafka binary mode) on the {@code outbox} channel and marks them sent only
 * after the broker acknowledged every record of the batch. A crash after publishing and before marking re-sends the
 * batch: consumers are idempotent on {@code ce_id}. One relay at a time holds the outbox (an advisory lock), so
 * several replicas never publish the same rows side by side.
 * <p>
 * Order: rows leave in id order among the rows committed when the relay looks. An id is taken when its row is
 * written, not when the transaction commits, so rows of a transaction that commits late can leave after rows with
 * larger ids. The events of one aggregate keep their order where every transaction announcing a change of it also
 * changes its row under a version check (as tickets do): a transaction that took its ids before another one
 * committed then fails its check and rolls back.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    private final Pool pool;
    private final MutinyEmitter<String> emitter;
    private final int batchSize;
    private final BatchDrain drain;
    private final DistributionSummary batchSizes;
    private final Counter published;
    private final MessagingSpans spans;

    public OutboxRelay(Pool pool,
            @Channel("outbox") @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 2048) MutinyEmitter<String> emitter,
            @ConfigProperty(name = "madoguchi.outbox.batch-size", defaultValue = "500") int batchSize,
            MeterRegistry registry, MessagingSpans spans) {
        this.pool = pool;
        this.spans = spans;
        this.emitter = emitter;
        this.batchSize = batchSize;
        this.batchSizes = DistributionSummary.builder("madoguchi.outbox.relay.batch.size")
                .description("Outbox rows published per relay batch").register(registry);
        this.published = Counter.builder("madoguchi.outbox.published")
                .description("Outbox rows published and acknowledged by the broker").register(registry);
        this.drain = new BatchDrain("Outbox relay", batchSize, this::publishBatch);
    }

    /** Called after a commit that wrote outbox rows, so they leave without waiting for the next poll. */
    public void wakeUp() {
        drain.wakeUp();
    }

    @Scheduled(every = "${madoguchi.outbox.poll-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = NotRunning.class)
    Uni<Void> poll() {
        return drain.drain().onFailure().invoke(e -> LOG.warn("Outbox relay failed; the next poll retries", e));
    }

    /** @return how many rows this batch published */
    Uni<Integer> publishBatch() {
        return pool.withTransaction(conn -> conn.query("SELECT pg_try_advisory_xact_lock(hashtext('outbox_relay'))").execute()
                .flatMap(lock -> lock.iterator().next().getBoolean(0) ? publishLocked(conn) : Uni.createFrom().item(0)));
    }

    private Uni<Integer> publishLocked(SqlConnection conn) {
        return conn.preparedQuery("SELECT id, event_id, topic, record_key, event_type, event_source, event_subject, event_time, payload,"
                        + " traceparent FROM outbox_event WHERE sent_at IS NULL ORDER BY id LIMIT $1")
                .execute(Tuple.of(batchSize))
                .flatMap(rows -> {
                    List<Long> ids = new ArrayList<>();
                    List<Uni<Void>> sends = new ArrayList<>();
                    for (Row row : rows) {
                        ids.add(row.getLong("id"));
                        sends.add(send(row));
                    }
                    if (ids.isEmpty()) {
                        return Uni.createFrom().item(0);
                    }
                    return Uni.join().all(sends).andFailFast()
                            .chain(() -> conn.preparedQuery("UPDATE outbox_event SET sent_at = now() WHERE id = ANY($1)")
                                    .execute(Tuple.of(ids.toArray(new Long[0]))))
                            .invoke(() -> {
                                batchSizes.record(ids.size());
                                published.increment(ids.size());
                            })
                            .replaceWith(ids.size());
                });
    }

    /** Publishes a row in a span of its own that continues the trace of the transaction that wrote it. */
    private Uni<Void> send(Row row) {
        String topic = row.getString("topic");
        String key = row.getString("record_key");
        UUID eventId = row.getUUID("event_id");
        Span span = spans.publish(topic, key, eventId, row.getString("event_type"), row.getString("traceparent"));
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(topic)
                .withKey(key)
                .withHeaders(CloudEventHeaders.of(eventId, row.getString("event_source"), row.getString("event_type"),
                        row.getString("event_subject"), row.getOffsetDateTime("event_time").toInstant(),
                        Traces.traceparent(span.getSpanContext())))
                .build();
        return emitter.sendMessage(Message.of(row.getString("payload")).addMetadata(metadata))
                .onTermination().invoke((ignored, failure, cancelled) -> MessagingSpans.end(span, failure));
    }

    /**
     * Keeps the scheduler away from the relay before the messaging channels are wired (the emitter
     * cannot be injected earlier) and after shutdown has begun (the pool is closing).
     */
    @Singleton
    public static class NotRunning implements Scheduled.SkipPredicate {

        private volatile boolean running;

        void onStart(@Observes StartupEvent event) {
            running = true;
        }

        void onStop(@Observes ShutdownEvent event) {
            running = false;
        }

        @Override
        public boolean test(ScheduledExecution execution) {
            return !running;
        }
    }
}
