package io.madoguchi.chassis.outbox;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
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
 * Publishes outbox rows as CloudEvents (Kafka binary mode) on the {@code outbox} channel, in id order and each row's
 * events in the order written, and moves the outbox's position ({@code outbox_position.sent_through}) past them only
 * after the broker acknowledged every record of the batch. A crash after publishing and before moving re-sends the
 * batch: consumers are idempotent on {@code ce_id}. One relay at a time holds the outbox (an advisory lock), so
 * several replicas never publish the same rows side by side.
 * <p>
 * The position only passes ids that are settled: an id is taken when its row is written, not when its transaction
 * commits, so a smaller id can still commit after a larger one is visible. {@code outbox_settled()} tells how far
 * every id is settled (the migration that creates it says why one reading is enough). The cost is that a transaction
 * holding outbox rows uncommitted holds back the rows written after it.
 * <p>
 * An event's {@code ce_sequence} is its row's id times {@link Outbox#MAX_EVENTS_PER_ROW} plus its place in the row:
 * the relay publishes in that order and a record's key keeps it on one partition, so a consumer may keep the last
 * sequence it applied per key as a watermark, and take an event at or below it for a redelivery (the relay's re-sends
 * included, which keep their sequence). {@link OutboxSequenceAtStart} keeps a restored database from handing those
 * sequences out again.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final Duration LOCK_RETRY = Duration.ofMillis(25);
    /**
     * The rows after the position, up to the settled id, in id order, while the events before each are fewer than the
     * batch size: at least one row, and a row is never split. The inner query reads only the rows' ids and counts, so
     * the events of rows left for the next batch are not read.
     */
    private static final String BATCH = """
            SELECT id, event_ids, topics, record_keys, event_types, event_sources, event_subjects, event_times, payloads,
                   traceparents
            FROM outbox WHERE id IN (
                SELECT id FROM (SELECT id, sum(events) OVER (ORDER BY id) - events AS before FROM outbox
                                WHERE id > $1 AND id <= $2 ORDER BY id LIMIT $3) head
                WHERE before < $3)
            ORDER BY id""";

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
                .description("Outbox events published per relay batch").register(registry);
        this.published = Counter.builder("madoguchi.outbox.published")
                .description("Outbox events published and acknowledged by the broker").register(registry);
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

    /** @return how many events this batch published */
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
        return conn.preparedQuery(BATCH).execute(Tuple.of(position, settledThrough, batchSize))
                .flatMap(rows -> {
                    long last = position;
                    int count = 0;
                    List<Uni<Void>> sends = new ArrayList<>();
                    for (Row row : rows) {
                        last = row.getLong("id");
                        count += sendRow(row, sends);
                    }
                    int events = count;
                    // a short batch read everything up to settledThrough: the ids after its last row were rolled back
                    long through = events < batchSize ? settledThrough : last;
                    Uni<Void> sent = sends.isEmpty() ? Uni.createFrom().voidItem() : Uni.join().all(sends).andFailFast().replaceWithVoid();
                    return sent
                            .chain(() -> conn.preparedQuery("UPDATE outbox_position SET sent_through = $1").execute(Tuple.of(through)))
                            .invoke(() -> {
                                if (events > 0) {
                                    batchSizes.record(events);
                                    published.increment(events);
                                }
                            })
                            .replaceWith(new Moved(events, through));
                });
    }

    /** Sends the events of one row, in their order; returns how many. */
    private int sendRow(Row row, List<Uni<Void>> sends) {
        long id = row.getLong("id");
        UUID[] eventIds = row.getArrayOfUUIDs("event_ids");
        String[] topics = row.getArrayOfStrings("topics");
        String[] keys = row.getArrayOfStrings("record_keys");
        String[] types = row.getArrayOfStrings("event_types");
        String[] sources = row.getArrayOfStrings("event_sources");
        String[] subjects = row.getArrayOfStrings("event_subjects");
        OffsetDateTime[] times = row.getArrayOfOffsetDateTimes("event_times");
        String[] payloads = row.getArrayOfStrings("payloads");
        String[] traceparents = row.getArrayOfStrings("traceparents");
        for (int i = 0; i < eventIds.length; i++) {
            sends.add(send(topics[i], keys[i], eventIds[i], types[i], sources[i], subjects[i], times[i].toInstant(), payloads[i],
                    traceparents[i], id * Outbox.MAX_EVENTS_PER_ROW + i));
        }
        return eventIds.length;
    }

    /** Publishes an event in a span of its own that continues the trace of the transaction that wrote it. */
    private Uni<Void> send(String topic, String key, UUID eventId, String type, String source, String subject, Instant time,
            String payload, String traceparent, long sequence) {
        Span span = spans.publish(topic, key, eventId, type, traceparent);
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(topic)
                .withKey(key)
                .withHeaders(CloudEventHeaders.of(eventId, source, type, subject, time, Traces.traceparent(span.getSpanContext()),
                        sequence))
                .build();
        return emitter.sendMessage(Message.of(payload).addMetadata(metadata))
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
