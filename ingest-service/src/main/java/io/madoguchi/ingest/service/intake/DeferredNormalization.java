package io.madoguchi.ingest.service.intake;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.madoguchi.chassis.outbox.OutboxRelay;
import io.madoguchi.ingest.repository.InquiryRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Normalizes what was accepted raw for later (a Slack message to fetch), with backoff between attempts. A row is
 * leased before it is worked on, so several replicas never work on the same one and a crash only delays it.
 */
@ApplicationScoped
public class DeferredNormalization {

    private static final Logger LOG = Logger.getLogger(DeferredNormalization.class);

    private final Pool pool;
    private final InquiryRepository inquiries;
    private final Normalizers normalizers;
    private final IntakeService intake;
    private final int maxAttempts;

    public DeferredNormalization(Pool pool, InquiryRepository inquiries, Normalizers normalizers, IntakeService intake,
            @ConfigProperty(name = "madoguchi.intake.deferred.max-attempts", defaultValue = "10") int maxAttempts) {
        this.pool = pool;
        this.inquiries = inquiries;
        this.normalizers = normalizers;
        this.intake = intake;
        this.maxAttempts = maxAttempts;
    }

    @Scheduled(every = "${madoguchi.intake.deferred.poll-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = OutboxRelay.NotRunning.class)
    Uni<Void> poll() {
        return lease().onItem().transformToMulti(ids -> Multi.createFrom().iterable(ids))
                .onItem().transformToUniAndConcatenate(this::attempt)
                .collect().last().replaceWithVoid()
                .onFailure().invoke(e -> LOG.warn("Deferred normalization failed; the next poll retries", e));
    }

    private record Leased(UUID id, int attempts) {
    }

    /** Backoff doubles per attempt, from 2 s up to 5 minutes. */
    private Uni<List<Leased>> lease() {
        return pool.preparedQuery("UPDATE inquiry SET attempts = attempts + 1,"
                        + " next_attempt_at = now() + make_interval(secs => least(300, power(2, least(attempts + 1, 9))))"
                        + " WHERE id IN (SELECT id FROM inquiry WHERE status = 'pending' AND next_attempt_at <= now()"
                        + " ORDER BY next_attempt_at LIMIT $1 FOR UPDATE SKIP LOCKED) RETURNING id, attempts")
                .execute(Tuple.of(20))
                .map(rows -> {
                    List<Leased> leased = new ArrayList<>();
                    for (Row row : rows) {
                        leased.add(new Leased(row.getUUID("id"), row.getInteger("attempts")));
                    }
                    return leased;
                });
    }

    private Uni<Void> attempt(Leased leased) {
        return Panache.withSession(() -> inquiries.findById(leased.id()))
                .chain(inquiry -> normalizers.normalize(inquiry))
                .map(outcome -> outcome instanceof Outcome.Defer defer && leased.attempts() >= maxAttempts
                        ? new Outcome.Fail("gave up after " + leased.attempts() + " attempts: " + defer.reason())
                        : outcome)
                .invoke(outcome -> {
                    if (outcome instanceof Outcome.Defer defer) {
                        LOG.infof("Inquiry %s: normalization deferred again (%s)", leased.id(), defer.reason());
                    }
                })
                .chain(outcome -> intake.renormalize(leased.id(), outcome))
                .replaceWithVoid()
                .onFailure().invoke(e -> LOG.warnf(e, "Inquiry %s: deferred normalization failed", leased.id()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }
}
