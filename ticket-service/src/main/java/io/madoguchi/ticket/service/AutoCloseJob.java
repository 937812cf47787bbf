package io.madoguchi.ticket.service;

import java.time.Duration;
import java.time.Instant;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.madoguchi.chassis.outbox.OutboxRelay;
import io.madoguchi.ticket.domain.Ticket;
import io.madoguchi.ticket.domain.TicketStatus;
import io.madoguchi.ticket.repository.TicketRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Closes solved tickets once {@code madoguchi.tickets.auto-close-after} has passed since they were solved. */
@ApplicationScoped
public class AutoCloseJob {

    private static final Logger LOG = Logger.getLogger(AutoCloseJob.class);

    private final TicketRepository tickets;
    private final TicketLifecycle lifecycle;
    private final OutboxRelay relay;
    private final Duration autoCloseAfter;

    public AutoCloseJob(TicketRepository tickets, TicketLifecycle lifecycle, OutboxRelay relay,
            @ConfigProperty(name = "madoguchi.tickets.auto-close-after") Duration autoCloseAfter) {
        this.tickets = tickets;
        this.lifecycle = lifecycle;
        this.relay = relay;
        this.autoCloseAfter = autoCloseAfter;
    }

    @Scheduled(every = "${madoguchi.tickets.auto-close-check:1m}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = OutboxRelay.NotRunning.class)
    Uni<Void> closeDue() {
        return closeSolved(200)
                .invoke(n -> {
                    if (n > 0) {
                        LOG.infof("Closed %d solved tickets", n);
                    }
                })
                .onFailure().invoke(e -> LOG.warn("Auto-close failed; the next run retries", e))
                .replaceWithVoid();
    }

    /** Closes up to {@code batch} solved tickets whose grace period is over; several replicas each take different ones. */
    private Uni<Integer> closeSolved(int batch) {
        Instant now = Instant.now();
        return Panache.withTransaction(() -> tickets.lockSolvedBefore(now.minus(autoCloseAfter), batch).chain(due -> {
            Uni<Void> all = Uni.createFrom().voidItem();
            for (Ticket ticket : due) {
                all = all.chain(() -> lifecycle.transition(ticket, TicketStatus.CLOSED, "system", now));
            }
            return all.replaceWith(due.size());
        })).invoke(relay::wakeUp);
    }
}
