package io.madoguchi.escalation.repository;

import java.util.List;

import io.madoguchi.escalation.domain.SlaClock;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

@ApplicationScoped
public class SlaClockRepository implements PanacheRepositoryBase<SlaClock, SlaClock.Key> {

    /** Locked for the transaction, so the SLA timer skips them meanwhile and this sees what it fired. */
    public Uni<List<SlaClock>> ofTicket(long ticketId) {
        return find("ticketId", ticketId).withLock(LockModeType.PESSIMISTIC_WRITE).list();
    }

    /** Every running clock counted in business hours, locked for the transaction. */
    public Uni<List<SlaClock>> runningInBusinessHours() {
        return find("runningSince is not null and businessHours = true").withLock(LockModeType.PESSIMISTIC_WRITE).list();
    }
}
