package io.madoguchi.chassis.retention;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

/**
 * Purges every {@link RetainedStore} of the service every {@code madoguchi.retention.check} (1 h), in chunks of
 * {@code madoguchi.retention.chunk} rows, each its own short statement, so no transaction holds many rows and the
 * replicas of a service can purge at the same time: each chunk skips the rows another one holds.
 */
@ApplicationScoped
public class RetentionPurge {

    private static final Logger LOG = Logger.getLogger(RetentionPurge.class);

    private final List<RetainedStore> stores;
    private final int chunk;
    private final Map<String, Counter> purged = new LinkedHashMap<>();

    public RetentionPurge(Instance<RetainedStore> stores, MeterRegistry registry,
            @ConfigProperty(name = "madoguchi.retention.chunk", defaultValue = "1000") int chunk) {
        this.stores = stores.stream().toList();
        this.chunk = chunk;
        for (RetainedStore store : this.stores) {
            purged.put(store.name(), Counter.builder("madoguchi.retention.purged").tag("store", store.name())
                    .description("Rows purged once older than their store's retention").register(registry));
        }
    }

    @Scheduled(every = "${madoguchi.retention.check:1h}", delayed = "${madoguchi.retention.first-check:1m}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return purgeNow(Instant.now()).invoke(counts -> counts.forEach((store, n) -> {
            if (n > 0) {
                LOG.infof("Retention: purged %d rows of %s", n, store);
            }
        })).onFailure().invoke(e -> LOG.warn("Retention purge failed; the next run retries", e)).onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    /** Purges every store of what is older than its retention at {@code now}; returns how many rows per store. */
    public Uni<Map<String, Integer>> purgeNow(Instant now) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        return Multi.createFrom().iterable(stores)
                .onItem().transformToUniAndConcatenate(store -> drain(store, now.minus(store.retention()), 0)
                        .invoke(n -> counts.put(store.name(), n)))
                .collect().last().replaceWith(counts);
    }

    private Uni<Integer> drain(RetainedStore store, Instant cutoff, int done) {
        return store.purge(cutoff, chunk).invoke(n -> purged.get(store.name()).increment(n))
                .chain(n -> n < chunk ? Uni.createFrom().item(done + n) : drain(store, cutoff, done + n));
    }
}
