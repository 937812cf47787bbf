package io.madoguchi.analytics.repository;

import java.time.OffsetDateTime;
import java.util.List;

import io.madoguchi.analytics.domain.DeliveryOutcome;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** The latest outcome of each delivery ({@code delivery_outcome}) and the counts read from it. */
@ApplicationScoped
public class DeliveryRepository {

    /** Deliveries of one channel and kind whose latest outcome is in a range. */
    public record Counts(String channel, String kind, long sent, long failed, long failedPermanently, long recovered) {
    }

    /** Deliveries whose latest outcome, in a range, is a failure for this (normalised) reason. */
    public record Reason(String channel, String reason, long deliveries) {
    }

    /**
     * Keeps the outcome if it is newer than the one kept (at the same time, a sending beats a failure), and remembers the
     * earliest failure of the delivery whichever outcome is kept. Runs in the caller's transaction.
     */
    public Uni<Void> apply(DeliveryOutcome o) {
        Uni<Integer> latest = Panache.getSession().chain(s -> s.createNativeQuery(
                        "INSERT INTO delivery_outcome (delivery_id, ticket_id, kind, channel, status, permanent, attempts, reason, at,"
                                + " first_failed_at, event_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)"
                                + " ON CONFLICT (delivery_id) DO UPDATE SET ticket_id = excluded.ticket_id, kind = excluded.kind,"
                                + " channel = excluded.channel, status = excluded.status, permanent = excluded.permanent,"
                                + " attempts = excluded.attempts, reason = excluded.reason, at = excluded.at,"
                                + " first_failed_at = least(delivery_outcome.first_failed_at, excluded.first_failed_at),"
                                + " event_id = excluded.event_id"
                                + " WHERE excluded.at > delivery_outcome.at OR excluded.at = delivery_outcome.at"
                                + " AND excluded.status = 'sent' AND delivery_outcome.status = 'failed'")
                .setParameter(1, o.deliveryId()).setParameter(2, o.ticketId()).setParameter(3, o.kind()).setParameter(4, o.channel())
                .setParameter(5, o.status()).setParameter(6, o.permanent()).setParameter(7, o.attempts()).setParameter(8, o.reason())
                .setParameter(9, o.at()).setParameter(10, DeliveryOutcome.FAILED.equals(o.status()) ? o.at() : null)
                .setParameter(11, o.eventId())
                .executeUpdate());
        if (!DeliveryOutcome.FAILED.equals(o.status())) {
            return latest.replaceWithVoid();
        }
        // a failure older than the outcome kept (read late) was not applied above, but the delivery did fail first
        return latest.chain(ignored -> Panache.getSession().chain(s -> s.createNativeQuery(
                        "UPDATE delivery_outcome SET first_failed_at = least(first_failed_at, ?2) WHERE delivery_id = ?1")
                .setParameter(1, o.deliveryId()).setParameter(2, o.at()).executeUpdate())).replaceWithVoid();
    }

    /** Deliveries whose latest outcome is in [from, to), by channel and kind. */
    public Uni<List<Counts>> counts(OffsetDateTime from, OffsetDateTime to) {
        String sql = "SELECT channel, kind, count(*) FILTER (WHERE status = 'sent'), count(*) FILTER (WHERE status = 'failed'),"
                + " count(*) FILTER (WHERE status = 'failed' AND permanent),"
                + " count(*) FILTER (WHERE status = 'sent' AND first_failed_at IS NOT NULL)"
                + " FROM delivery_outcome WHERE at >= ?1 AND at < ?2 GROUP BY channel, kind ORDER BY channel, kind";
        return Panache.withSession(() -> Panache.getSession().chain(s -> s.createNativeQuery(sql, Object[].class)
                        .setParameter(1, from).setParameter(2, to).getResultList()))
                .map(rows -> rows.stream().map(r -> new Counts((String) r[0], (String) r[1], number(r[2]), number(r[3]), number(r[4]),
                        number(r[5]))).toList());
    }

    /** The most frequent reasons of the deliveries whose latest outcome, in [from, to), is a failure. */
    public Uni<List<Reason>> topFailureReasons(OffsetDateTime from, OffsetDateTime to, int limit) {
        String sql = "SELECT channel, reason, count(*) FROM delivery_outcome WHERE status = 'failed' AND at >= ?1 AND at < ?2"
                + " GROUP BY channel, reason ORDER BY 3 DESC, 1, 2 LIMIT ?3";
        return Panache.withSession(() -> Panache.getSession().chain(s -> s.createNativeQuery(sql, Object[].class)
                        .setParameter(1, from).setParameter(2, to).setParameter(3, limit).getResultList()))
                .map(rows -> rows.stream().map(r -> new Reason((String) r[0], (String) r[1], number(r[2]))).toList());
    }

    private static long number(Object value) {
        return ((Number) value).longValue();
    }
}
