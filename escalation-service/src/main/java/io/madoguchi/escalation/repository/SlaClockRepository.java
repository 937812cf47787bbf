package io.madoguchi.escalation.repository;

import java.util.List;

import io.madoguchi.escalation.domain.SlaClock;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class SlaClockRepository implements PanacheRepositoryBase<SlaClock, SlaClock.Key> {

    /**
     * Up to {@code limit} running business-hours clocks still scheduled by a calendar older than {@code version}, locked
     * for the transaction; clocks another transaction holds (a ticket event, another replica's catch-up) are skipped.
     */
    public Uni<List<SlaClock>> behindCalendar(long version, int limit) {
        // Panache's reactive queries take no lock hints: SKIP LOCKED needs native SQL (the rows come back as managed entities)
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                SELECT * FROM sla_clock WHERE running_since IS NOT NULL AND business_hours AND calendar_version < :version
                ORDER BY ticket_id, metric LIMIT :limit FOR UPDATE SKIP LOCKED""", SlaClock.class)
                .setParameter("version", version).setParameter("limit", limit).getResultList());
    }
}
