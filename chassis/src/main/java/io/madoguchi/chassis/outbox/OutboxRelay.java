package io.madoguchi.chassis.outbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

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
 * Publishes outbox rows as CloudEvents (Kafka binary mode) on the {@code outbox} channel, in id order, and moves the
 * outbox's position ({@code outbox_position.sent_through}) past them only after the broker acknowledged every record
 * of the batch. A crash after publishing and before moving re-sends the batch: consumers are idempotent on
 * {@code ce_id}. One relay at a time holds the outbox (an advisory lock), so several replicas never publish the same
 * rows side by side.
 * <p>
 * The position only passes ids that are settled: an id is taken when its row is written, not when its transaction
 * commits, so a smaller id can still commit after a larger one is visible. {@code outbox_settled()} tells how far
 * every id is settled (the migration that creates it says why one reading is enough). The cost is that a transaction
 * holding outbox rows uncommitted holds back the rows written after it.
 * <p>
 * A row's id goes out as the event's {@code ce_sequence}: the relay publishes in id order and a record's key keeps it
 * on one partition, so a consumer may keep the last sequence it applied per key as a watermark, and take an event at
 * or below it for a redelivery (the relay's re-sends included, which keep their sequence). {@link OutboxSequenceAtStart}
 * keeps a restored database from handing those sequences out again.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final Duration LOCK_RETRY = Duration.ofMillis(25);

    private final Pool pool;
    private final MutinyEmitter<String> emitter;
    private final int batchSize;
    private final BatchDrain drain;
    private final DistributionSummary batchSizes;
    private final Counter published;
    private final MessagingSpans spans;
    private final AtomicBoolean retryScheduled = new AtomicBoolean();
    /** The position as this relay last moved or read it: nothing settled up to it is left to look for (another replica's relay may be further). */
    private volatile long movedTo;
    /** The settled id of the last reading that {@link #retrySoon} looked again for. */
    private volatile long retriedFor;

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
        return pool.query("SELECT settled_through FROM outbox_settled()").execute()
                .map(rows -> rows.iterator().next().getLong("settled_through"))
                .flatMap(through -> through == null || through <= movedTo ? Uni.createFrom().item(0) : pool.withTransaction(conn -> conn
                        .query("SELECT pg_try_advisory_xact_lock(hashtext('outbox_relay')) AS locked, sent_through FROM outbox_position")
                        .execute()
                        .flatMap(lock -> {
                            Row row = lock.iterator().next();
                            long position = row.getLong("sent_through");
                            if (row.getBoolean("locked")) {
                                return publishLocked(conn, position, through);
                            }
                            if (position < through) {
                                // another replica's relay is publishing, from a reading that may predate these rows
                                retrySoon(through);
                            }
                            return Uni.createFrom().item(new Moved(0, position));
                        }))
                        .invoke(moved -> movedTo = Math.max(movedTo, moved.through()))
                        .map(Moved::published));
    }

    private record Moved(int published, long through) {
    }

    /**
     * Looks again a moment later, once for each reading that found settled rows while another relay held the outbox:
     * rows settled after that relay's own reading would otherwise wait for the next commit or poll. A relay holding
     * the outbox for long (a broker that does not answer) is left to the poll.
     */
    private void retrySoon(long settledThrough) {
        if (settledThrough > retriedFor && retryScheduled.compareAndSet(false, true)) {
            retriedFor = settledThrough;
            Uni.createFrom().voidItem().onItem().delayIt().by(LOCK_RETRY).subscribe().with(ignored -> {
                retryScheduled.set(false);
                wakeUp();
            });
        }
    }

    private Uni<Moved> publishLocked(SqlConnection conn, long position, long settledThrough) {
        if (settledThrough <= position) {
            return Uni.createFrom().item(new Moved(0, position));
        }
        return conn.preparedQuery("SELECT id, event_id, topic, record_key, event_type, event_source, event_subject, event_time, payload,"
                        + " traceparent FROM outbox_event WHERE id > $1 AND id <= $2 ORDER BY id LIMIT $3")
                .execute(Tuple.of(position, settledThrough, batchSize))
                .flatMap(rows -> {
                    long last = position;
                    List<Uni<Void>> sends = new ArrayList<>();
                    for (Row row : rows) {
                        last = row.getLong("id");
                        sends.add(send(row));
                    }
                    int count = sends.size();
                    // a short batch read everything up to settledThrough: the ids after its last row were rolled back
                    long through = count < batchSize ? settledThrough : last;
                    Uni<Void> sent = count == 0 ? Uni.createFrom().voidItem() : Uni.join().all(sends).andFailFast().replaceWithVoid();
                    return sent
                            .chain(() -> conn.preparedQuery("UPDATE outbox_position SET sent_through = $1").execute(Tuple.of(through)))
                            .invoke(() -> {
                                if (count > 0) {
                                    batchSizes.record(count);
                                    published.increment(count);
                                }
                            })
                            .replaceWith(new Moved(count, through));
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
                        Traces.traceparent(span.getSpanContext()), row.getLong("id")))
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
