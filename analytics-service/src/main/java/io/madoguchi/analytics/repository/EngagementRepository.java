package io.madoguchi.analytics.repository;

import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Satisfaction and engagement figures over the ticket summaries (one SQL query each). */
@ApplicationScoped
public class EngagementRepository {

    public record Satisfaction(long good, long bad) {
    }

    public record Engagement(long created, long firstReplied, Double firstReplyHoursP50, Double firstReplyHoursP90, long solved,
            long oneTouch, long reopened, long withMacro, Double repliesPerSolvedTicket) {
    }

    /** Ratings given in [from, to), optionally for one queue; and the same split by the given dimension. */
    public Uni<Satisfaction> satisfaction(OffsetDateTime from, OffsetDateTime to, String queue) {
        String sql = "SELECT count(*) FILTER (WHERE rating = 'good'), count(*) FILTER (WHERE rating = 'bad')"
                + " FROM ticket_summary WHERE rated_at >= ?1 AND rated_at < ?2"
                + " AND (cast(?3 as varchar) IS NULL OR queue = cast(?3 as varchar))";
        return Panache.withSession(() -> Panache.getSession().chain(s -> s.createNativeQuery(sql, Object[].class)
                        .setParameter(1, from).setParameter(2, to).setParameter(3, queue).getSingleResult()))
                .map(row -> new Satisfaction(((Number) row[0]).longValue(), ((Number) row[1]).longValue()));
    }

    public Uni<Map<String, Satisfaction>> satisfactionBy(String dimension, OffsetDateTime from, OffsetDateTime to) {
        if (!List.of("queue", "assignee", "channel").contains(dimension)) {
            throw new IllegalArgumentException(dimension);
        }
        String sql = "SELECT coalesce(" + dimension + ", 'none'), count(*) FILTER (WHERE rating = 'good'),"
                + " count(*) FILTER (WHERE rating = 'bad') FROM ticket_summary WHERE rated_at >= ?1 AND rated_at < ?2"
                + " GROUP BY 1 ORDER BY 1";
        return Panache.withSession(() -> Panache.getSession().chain(s -> s.createNativeQuery(sql, Object[].class)
                        .setParameter(1, from).setParameter(2, to).getResultList()))
                .map(rows -> {
                    Map<String, Satisfaction> result = new LinkedHashMap<>();
                    rows.forEach(r -> result.put((String) r[0], new Satisfaction(((Number) r[1]).longValue(), ((Number) r[2]).longValue())));
                    return result;
                });
    }

    /** Tickets created in [from, to) for reply times; tickets solved in [from, to) for resolution figures. */
    public Uni<Engagement> engagement(OffsetDateTime from, OffsetDateTime to) {
        String sql = "WITH created AS (SELECT * FROM ticket_summary WHERE created_at >= ?1 AND created_at < ?2),"
                + " solved AS (SELECT * FROM ticket_summary WHERE solved_at >= ?1 AND solved_at < ?2)"
                + " SELECT (SELECT count(*) FROM created),"
                + " (SELECT count(*) FROM created WHERE first_reply_at IS NOT NULL),"
                + " (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM first_reply_at - created_at) / 3600)"
                + "    FROM created WHERE first_reply_at IS NOT NULL),"
                + " (SELECT percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM first_reply_at - created_at) / 3600)"
                + "    FROM created WHERE first_reply_at IS NOT NULL),"
                + " (SELECT count(*) FROM solved),"
                + " (SELECT count(*) FROM solved WHERE agent_replies <= 1),"
                + " (SELECT count(*) FROM solved WHERE reopens > 0),"
                + " (SELECT count(*) FROM solved WHERE macro_applied),"
                + " (SELECT avg(agent_replies) FROM solved)";
        return Panache.withSession(() -> Panache.getSession().chain(s -> s.createNativeQuery(sql, Object[].class)
                        .setParameter(1, from).setParameter(2, to).getSingleResult()))
                .map(r -> new Engagement(count(r[0]), count(r[1]), number(r[2]), number(r[3]), count(r[4]), count(r[5]),
                        count(r[6]), count(r[7]), number(r[8])));
    }

    private static long count(Object value) {
        return ((Number) value).longValue();
    }

    private static Double number(Object value) {
        return value == null ? null : ((Number) value).doubleValue();
    }
}
