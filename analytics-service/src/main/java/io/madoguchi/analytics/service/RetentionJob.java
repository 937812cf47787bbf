package io.madoguchi.analytics.service;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.madoguchi.analytics.repository.RawArchiveRepository;
import io.madoguchi.analytics.service.privacy.Redactor;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Enforces the raw archive's retention: {@code madoguchi.archive.raw-retention} after a ticket closes, its events
 * as received are deleted and what its summary keeps of its text is redacted; the statistics stay.
 */
@ApplicationScoped
public class RetentionJob {

    private static final Logger LOG = Logger.getLogger(RetentionJob.class);
    private static final int BATCH = 200;

    private final RawArchiveRepository raw;
    private final Duration retention;

    public RetentionJob(RawArchiveRepository raw, @ConfigProperty(name = "madoguchi.archive.raw-retention") Duration retention) {
        this.raw = raw;
        this.retention = retention;
    }

    @Scheduled(every = "${madoguchi.archive.retention-check}", delayed = "${madoguchi.archive.retention-first-check:1m}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return purge(Instant.now()).invoke(n -> {
            if (n > 0) {
                LOG.infof("Purged the raw history of %d closed tickets", n);
            }
        }).onFailure().invoke(e -> LOG.warn("Retention run failed; the next one retries", e)).onFailure().recoverWithNull().replaceWithVoid();
    }

    /** Purges every ticket closed more than the retention before {@code now}, in batches; returns how many. */
    public Uni<Integer> purge(Instant now) {
        return batch(now).chain(n -> n < BATCH ? Uni.createFrom().item(n) : purge(now).map(more -> n + more));
    }

    private Uni<Integer> batch(Instant now) {
        return Panache.withTransaction(() -> raw.expiring(now.minus(retention).atOffset(ZoneOffset.UTC), BATCH).chain(tickets -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (RawArchiveRepository.Expiring t : tickets) {
                chain = chain.chain(() -> raw.purge(t.ticketId(), Redactor.redact(t.subject(), t.requesterName()),
                        Redactor.redact(t.question(), t.requesterName()), Redactor.redact(t.answer(), t.requesterName()),
                        now.atOffset(ZoneOffset.UTC)));
            }
            return chain.replaceWith(tickets.size());
        }));
    }
}
