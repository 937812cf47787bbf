package io.madoguchi.escalation.service.sla;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.madoguchi.chassis.outbox.OutboxRelay;
import io.madoguchi.escalation.domain.SlaClock;
import io.madoguchi.escalation.repository.SlaClockRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Reschedules running business-hours clocks after an SLA policy with other calendars is saved, in chunks of
 * {@code madoguchi.sla.calendar-catch-up-chunk} clocks per transaction, so a save commits at once and no transaction
 * holds thousands of clocks. Each clock records the policy version its schedule follows; time it used until a later
 * version was saved counts by the calendar in force until then. Runs after every save on this replica and every
 * {@code madoguchi.sla.calendar-catch-up-interval} on every replica (one that saw the save from another replica
 * catches up then); replicas skip each other's locked clocks. A ticket event brings the clocks it touches up to date
 * first ({@link #bringUpToDate}).
 */
@ApplicationScoped
public class SlaCalendarCatchUp {

    private static final Logger LOG = Logger.getLogger(SlaCalendarCatchUp.class);

    private final SlaClockRepository clocks;
    private final SlaPolicies policies;
    private final int chunk;
    private final AtomicBoolean running = new AtomicBoolean();

    public SlaCalendarCatchUp(SlaClockRepository clocks, SlaPolicies policies,
            @ConfigProperty(name = "madoguchi.sla.calendar-catch-up-chunk", defaultValue = "500") int chunk) {
        this.clocks = clocks;
        this.policies = policies;
        this.chunk = chunk;
    }

    @Scheduled(every = "${madoguchi.sla.calendar-catch-up-interval:10s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = OutboxRelay.NotRunning.class)
    Uni<Void> scheduled() {
        return catchUp().replaceWithVoid();
    }

    /** Starts catching up now (after a save), unless a run is under way, which will see the new version. */
    public void wakeUp() {
        catchUp().subscribe().with(rescheduled -> {
        }, e -> LOG.warn("SLA calendar catch-up failed; the next run retries", e));
    }

    /** @return how many clocks were rescheduled */
    public Uni<Integer> catchUp() {
        if (!running.compareAndSet(false, true)) {
            return Uni.createFrom().item(0);
        }
        return chunks(0).eventually(() -> running.set(false));
    }

    private Uni<Integer> chunks(int done) {
        return Panache.withTransaction(() -> policies.latest().chain(latest -> clocks.behindCalendar(latest.version(), chunk)
                        .chain(behind -> bringUpToDate(behind, latest).replaceWith(behind.size()))))
                .chain(size -> size < chunk ? Uni.createFrom().item(done + size) : chunks(done + size));
    }

    /**
     * Within the transaction that holds the clocks: each clock scheduled by an older version's calendar steps through
     * the versions saved since, paused by the calendar in force until each was saved and resumed by the next one.
     */
    public Uni<Void> bringUpToDate(List<SlaClock> found, SlaTerms target) {
        List<SlaClock> behind = found.stream().filter(clock -> clock.calendarVersion < target.version()).toList();
        if (behind.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        long oldest = behind.stream().mapToLong(clock -> clock.calendarVersion).min().orElseThrow();
        return policies.versionsBetween(oldest, target.version()).invoke(versions -> {
            for (SlaClock clock : behind) {
                SlaTerms before = null;
                for (SlaPolicies.Version version : versions) {
                    SlaTerms terms = policies.termsOf(version);
                    if (version.version() == clock.calendarVersion) {
                        before = terms;
                    } else if (before != null && version.version() > clock.calendarVersion) {
                        if (clock.runningSince != null && clock.businessHours) {
                            Instant at = version.savedAt().isAfter(clock.runningSince) ? version.savedAt() : clock.runningSince;
                            clock.recalendar(at, before.calendarFor(clock.queue), terms.calendarFor(clock.queue), terms.warnAtPercent());
                        }
                        before = terms;
                    }
                }
                clock.calendarVersion = target.version();
            }
        }).replaceWithVoid();
    }
}
