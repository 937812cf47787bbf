package io.madoguchi.analytics.repository;

import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class StatsRepository {

    /** Tickets created in [from, to) counted by the given column ({@code channel} or {@code queue}). */
    public Uni<Map<String, Long>> createdBy(String column, OffsetDateTime from, OffsetDateTime to) {
        if (!column.equals("channel") && !column.equals("queue")) {
            throw new IllegalArgumentException(column);
        }
        String sql = "SELECT coalesce(" + column + ", 'unrouted'), count(*) FROM ticket_summary"
                + " WHERE created_at >= ?1 AND created_at < ?2 GROUP BY 1 ORDER BY 2 DESC, 1";
        return Panache.withSession(() -> Panache.getSession().chain(s -> s.createNativeQuery(sql, Object[].class)
                        .setParameter(1, from).setParameter(2, to).getResultList()))
                .map(StatsRepository::toMap);
    }

    private static Map<String, Long> toMap(List<Object[]> rows) {
        Map<String, Long> counts = new LinkedHashMap<>();
        rows.forEach(row -> counts.put((String) row[0], ((Number) row[1]).longValue()));
        return counts;
    }
}
