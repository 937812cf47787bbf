package io.madoguchi.ticket.service;

import org.jboss.logging.Logger;

import io.madoguchi.chassis.outbox.OutboxRelay;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Closes solved tickets once {@code madoguchi.tickets.auto-close-after} has passed since they were solved. */
@ApplicationScoped
public class AutoCloseJob {

    private static final Logger LOG = Logger.getLogger(AutoCloseJob.class);

    private final TicketWorkService work;

    public AutoCloseJob(TicketWorkService work) {
        this.work = work;
    }

    @Scheduled(every = "${madoguchi.tickets.auto-close-check:1m}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = io.madoguchi.chassis.outbox.OutboxRelay.NotRunning.class)
    Uni<Void> closeDue() {
        return work.closeSolved(200)
                .invoke(n -> {
                    if (n > 0) {
                        LOG.infof("Closed %d solved tickets", n);
                    }
                })
                .onFailure().invoke(e -> LOG.warn("Auto-close failed; the next run retries", e))
                .replaceWithVoid();
    }
}
