package io.madoguchi.ingest.service.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.madoguchi.chassis.outbox.Outbox;
import io.madoguchi.chassis.outbox.OutboxRelay;
import io.madoguchi.chassis.tracing.MessagingSpans;
import io.madoguchi.chassis.tracing.Traces;
import io.madoguchi.chassis.work.BatchDrain;
import io.madoguchi.ingest.domain.Delivery;
import io.madoguchi.ingest.events.DeliveryEvents;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Works the pending deliveries. A batch is claimed in one short transaction ({@code FOR UPDATE SKIP LOCKED}, so
 * replicas share the work): each claimed delivery counts an attempt and is leased, its next attempt put off by
 * {@code madoguchi.delivery.lease}, so that one whose sender died is tried again once the lease runs out and none is
 * stranded. Each is then sent, and its outcome recorded with its event on {@code deliveries.v1} in one transaction:
 * sent; failed at once where the channel refuses for good; otherwise tried again after an exponential back-off with
 * jitter, up to {@code madoguchi.delivery.max-attempts} (or the channel's own cap in
 * {@code madoguchi.delivery.max-attempts-by-channel}), then failed.
 */
@ApplicationScoped
public class DeliveryWorker {

    private static final Logger LOG = Logger.getLogger(DeliveryWorker.class);

    private final Pool pool;
    private final Senders senders;
    private final Outbox outbox;
    private final OutboxRelay relay;
    private final MeterRegistry registry;
    private final Tracer tracer;
    private final int batchSize;
    private final Duration lease;
    private final int maxAttempts;
    private final Map<String, Integer> maxAttemptsByChannel;
    private final Duration firstBackoff;
    private final Duration maxBackoff;
    private final BatchDrain drain;
    private final AtomicLong oldestPendingSeconds = new AtomicLong();

    public DeliveryWorker(Pool pool, Senders senders, Outbox outbox, OutboxRelay relay, MeterRegistry registry, Tracer tracer,
            @ConfigProperty(name = "madoguchi.delivery.batch-size", defaultValue = "20") int batchSize,
            @ConfigProperty(name = "madoguchi.delivery.lease", defaultValue = "PT2M") Duration lease,
            @ConfigProperty(name = "madoguchi.delivery.max-attempts", defaultValue = "8") int maxAttempts,
            @ConfigProperty(name = "madoguchi.delivery.max-attempts-by-channel") Optional<List<String>> maxAttemptsByChannel,
            @ConfigProperty(name = "madoguchi.delivery.first-backoff", defaultValue = "PT5S") Duration firstBackoff,
            @ConfigProperty(name = "madoguchi.delivery.max-backoff", defaultValue = "PT10M") Duration maxBackoff) {
        this.pool = pool;
        this.senders = senders;
        this.outbox = outbox;
        this.relay = relay;
        this.registry = registry;
        this.tracer = tracer;
        this.batchSize = batchSize;
        this.lease = lease;
        this.maxAttempts = maxAttempts;
        this.maxAttemptsByChannel = caps(maxAttemptsByChannel.orElse(List.of()));
        this.firstBackoff = firstBackoff;
        this.maxBackoff = maxBackoff;
        Gauge.builder("madoguchi.deliveries.oldest.pending.seconds", oldestPendingSeconds, AtomicLong::get)
                .description("Age of the oldest delivery not yet sent or failed").register(registry);
        this.drain = new BatchDrain("Delivery worker", batchSize, this::workBatch);
    }

    /** Called after a commit that planned deliveries, so they leave without waiting for the next poll. */
    public void wakeUp() {
        drain.wakeUp();
    }

    @Scheduled(every = "${madoguchi.delivery.poll-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = OutboxRelay.NotRunning.class)
    Uni<Void> poll() {
        return measureOldest().chain(drain::drain).onFailure().invoke(e -> LOG.warn("Delivery worker failed; the next poll retries", e));
    }

    /** @return how many deliveries this batch claimed */
    private Uni<Integer> workBatch() {
        Context context = Vertx.currentContext();
        Executor onContext = context == null ? Runnable::run : task -> context.runOnContext(ignored -> task.run());
        return claim().chain(claimed -> sendAll(claimed, onContext).replaceWith(claimed.size()));
    }

    private Uni<List<Delivery>> claim() {
        return pool.withTransaction(conn -> conn.preparedQuery("UPDATE delivery SET attempts = attempts + 1,"
                        + " next_attempt_at = now() + make_interval(secs => $2)"
                        + " WHERE id IN (SELECT id FROM delivery WHERE status = 'PENDING' AND next_attempt_at <= now()"
                        + " ORDER BY next_attempt_at LIMIT $1 FOR UPDATE SKIP LOCKED)"
                        + " RETURNING id, causation_id, ticket_id, message_id, kind, channel, recipient, sender, subject, body, in_reply_to,"
                        + " thread_references, attempts, created_at, traceparent")
                .execute(Tuple.of(batchSize, (double) lease.toSeconds())))
                .map(rows -> {
                    List<Delivery> claimed = new ArrayList<>();
                    rows.forEach(row -> claimed.add(delivery(row)));
                    return claimed;
                });
    }

    private Uni<Void> sendAll(List<Delivery> claimed, Executor onContext) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Delivery delivery : claimed) {
            chain = chain.chain(() -> {
                Span span = attemptSpan(delivery);
                return senders.send(delivery)
                        .onItemOrFailure().transform((reference, failure) -> failure == null
                                ? SendOutcome.sent(reference) : SendOutcome.of(failure))
                        .emitOn(onContext)
                        .invoke(outcome -> {
                            if (!outcome.sent()) {
                                span.setStatus(StatusCode.ERROR, outcome.reason());
                            }
                        })
                        .chain(outcome -> record(delivery, outcome, Traces.traceparent(span.getSpanContext())))
                        .onTermination().invoke((ignored, failure, cancelled) -> MessagingSpans.end(span, failure));
            });
        }
        return chain.invoke(() -> {
            if (!claimed.isEmpty()) {
                relay.wakeUp();
            }
        });
    }

    /** A span for one attempt at a delivery, in the trace of the ticket event that planned it. */
    private Span attemptSpan(Delivery delivery) {
        return tracer.spanBuilder("deliver " + delivery.channel).setSpanKind(SpanKind.PRODUCER)
                .setParent(Traces.parent(delivery.traceparent))
                .setAttribute("madoguchi.delivery.id", delivery.id.toString())
                .setAttribute("madoguchi.delivery.kind", delivery.kind.label())
                .setAttribute("madoguchi.delivery.attempt", delivery.attempts)
                .setAttribute("madoguchi.ticket.id", delivery.ticketId)
                .startSpan();
    }

    /** @param traceparent the attempt's span, which the outcome's event continues */
    private Uni<Void> record(Delivery delivery, SendOutcome outcome, String traceparent) {
        Instant now = Instant.now();
        if (outcome.sent()) {
            registry.counter("madoguchi.deliveries", "channel", delivery.channel, "outcome", "sent").increment();
            return finish(delivery, "SENT", outcome.reference(), null, traceparent, outbox.event(DeliveryEvents.TOPIC, key(delivery), DeliveryEvents.SENT,
                    DeliveryEvents.SOURCE, key(delivery), now, new DeliveryEvents.Sent(delivery.id, delivery.ticketId, delivery.messageId,
                            delivery.kind.label(), delivery.channel, delivery.recipient, delivery.attempts, outcome.reference(),
                            delivery.causationId, now)));
        }
        if (outcome.permanent() || delivery.attempts >= maxAttemptsByChannel.getOrDefault(delivery.channel, maxAttempts)) {
            registry.counter("madoguchi.deliveries", "channel", delivery.channel, "outcome", "failed").increment();
            LOG.warnf("Delivery %s of ticket %d failed after %d attempt(s): %s", delivery.id, delivery.ticketId, delivery.attempts,
                    outcome.reason());
            return finish(delivery, "FAILED", null, outcome.reason(), traceparent, outbox.event(DeliveryEvents.TOPIC, key(delivery), DeliveryEvents.FAILED,
                    DeliveryEvents.SOURCE, key(delivery), now, new DeliveryEvents.Failed(delivery.id, delivery.ticketId, delivery.messageId,
                            delivery.kind.label(), delivery.channel, delivery.recipient, delivery.attempts, outcome.reason(),
                            outcome.permanent(), delivery.causationId, now)));
        }
        registry.counter("madoguchi.deliveries", "channel", delivery.channel, "outcome", "retried").increment();
        Duration wait = outcome.retryAfter() != null ? outcome.retryAfter() : backoff(delivery.attempts);
        LOG.infof("Delivery %s of ticket %d: attempt %d failed (%s); next in %d s", delivery.id, delivery.ticketId, delivery.attempts,
                outcome.reason(), wait.toSeconds());
        return pool.preparedQuery("UPDATE delivery SET next_attempt_at = now() + make_interval(secs => $2), last_error = $3"
                        + " WHERE id = $1 AND status = 'PENDING'")
                .execute(Tuple.of(delivery.id, wait.toMillis() / 1000.0, outcome.reason()))
                .replaceWithVoid();
    }

    /** Marks the delivery done and writes its event, in one transaction; a delivery already done is left as it is. */
    private Uni<Void> finish(Delivery delivery, String status, String reference, String reason, String traceparent,
            io.madoguchi.chassis.outbox.OutboxEvent event) {
        event.traceparent = traceparent;
        return Panache.withTransaction(() -> Panache.getSession().chain(session -> session
                        .createNativeQuery("UPDATE delivery SET status = ?1, channel_reference = ?2, last_error = ?3, finished_at = now()"
                                + " WHERE id = ?4 AND status = 'PENDING'")
                        .setParameter(1, status)
                        .setParameter(2, reference)
                        .setParameter(3, reason)
                        .setParameter(4, delivery.id)
                        .executeUpdate())
                .chain(updated -> updated == 1 ? outbox.add(event) : Uni.createFrom().voidItem()));
    }

    /** {@code channel=n} pairs: a channel whose attempts are capped otherwise than by max-attempts. */
    private static Map<String, Integer> caps(List<String> pairs) {
        Map<String, Integer> caps = new HashMap<>();
        for (String pair : pairs) {
            int equals = pair.indexOf('=');
            try {
                int cap = Integer.parseInt(pair.substring(equals + 1).strip());
                if (equals < 1 || cap < 1) {
                    throw new NumberFormatException();
                }
                caps.put(pair.substring(0, equals).strip(), cap);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("madoguchi.delivery.max-attempts-by-channel: '" + pair
                        + "' is not channel=attempts with attempts of 1 or more");
            }
        }
        return Map.copyOf(caps);
    }

    private Duration backoff(int attempts) {
        long base = Math.min(maxBackoff.toMillis(), firstBackoff.toMillis() << Math.min(attempts - 1, 20));
        return Duration.ofMillis(base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1));
    }

    private Uni<Void> measureOldest() {
        return pool.query("SELECT coalesce(extract(epoch FROM now() - min(created_at)), 0) FROM delivery WHERE status = 'PENDING'")
                .execute()
                .invoke(rows -> oldestPendingSeconds.set(rows.iterator().next().getDouble(0).longValue()))
                .replaceWithVoid();
    }

    private static String key(Delivery delivery) {
        return Long.toString(delivery.ticketId);
    }

    private static Delivery delivery(Row row) {
        Delivery delivery = new Delivery();
        delivery.id = row.getUUID("id");
        delivery.causationId = row.getUUID("causation_id");
        delivery.ticketId = row.getLong("ticket_id");
        delivery.messageId = row.getLong("message_id");
        delivery.kind = Delivery.Kind.valueOf(row.getString("kind"));
        delivery.channel = row.getString("channel");
        delivery.recipient = row.getString("recipient");
        delivery.sender = row.getString("sender");
        delivery.subject = row.getString("subject");
        delivery.body = row.getString("body");
        delivery.inReplyTo = row.getString("in_reply_to");
        delivery.threadReferences = row.getString("thread_references");
        delivery.attempts = row.getInteger("attempts");
        delivery.createdAt = row.getOffsetDateTime("created_at").toInstant();
        delivery.traceparent = row.getString("traceparent");
        return delivery;
    }
}
