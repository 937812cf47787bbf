package io.madoguchi.analytics.repository;

import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The queries behind the statistics overview. Every figure is computed from facts written once per event
 * (ticket_flow, sla_measure, sla_breach, deflection) and from the per-ticket summary, filtered by the ticket's
 * current queue, channel and assignee. Buckets are local to {@code zone}. Call within a Panache session.
 */
@ApplicationScoped
public class OverviewRepository {

    /** A range, a bucket size (day, week, month), a time zone and optional filters (null: all). */
    public record Query(OffsetDateTime from, OffsetDateTime to, String granularity, String zone, String queue, String channel,
            String agent) {
    }

    /** Counts per local bucket start (yyyy-mm-dd). */
    public record Bucketed(Map<String, Map<String, Long>> counts) {

        public long get(String bucket, String what) {
            return counts.getOrDefault(bucket, Map.of()).getOrDefault(what, 0L);
        }
    }

    public record Percentiles(long count, Double p50Hours, Double p90Hours) {
    }

    public record Solved(long solved, long oneTouch, long reopened, long withMacro, long agentReplies, long rated) {
    }

    /**
     * The flow facts: a ticket's creation is its summary's {@code created_at}; solves, closes and reopenings are rows of
     * ticket_flow. The created rows an earlier release wrote there are left out, so that they are not counted twice.
     */
    private static final String FLOWS = "(SELECT ticket_id, 'created' AS kind, created_at AS at FROM ticket_summary WHERE created_at IS NOT NULL"
            + " UNION ALL SELECT ticket_id, kind, at FROM ticket_flow WHERE kind <> 'created')";

    private static final String FILTER = " AND (cast(:queue as varchar) IS NULL OR s.queue = :queue)"
            + " AND (cast(:channel as varchar) IS NULL OR s.channel = :channel) AND (cast(:agent as varchar) IS NULL OR s.assignee = :agent)";

    /** created, solved, reopened and closed-unsolved flows per bucket. */
    public Uni<Bucketed> flows(Query q) {
        return bucketed("SELECT to_char(date_trunc(:granularity, f.at AT TIME ZONE :zone), 'YYYY-MM-DD'), f.kind, count(*)"
                + " FROM " + FLOWS + " f JOIN ticket_summary s ON s.ticket_id = f.ticket_id"
                + " WHERE f.at >= :from AND f.at < :to" + FILTER + " GROUP BY 1, 2", q);
    }

    /** Open tickets at {@code q.from}: created + reopened − solved − closed unsolved before it. */
    public Uni<Long> backlogBefore(Query q) {
        return single("SELECT coalesce(sum(CASE WHEN f.kind IN ('created', 'reopened') THEN 1 ELSE -1 END), 0)"
                + " FROM " + FLOWS + " f JOIN ticket_summary s ON s.ticket_id = f.ticket_id WHERE f.at < :from" + FILTER, q);
    }

    /** Ratings (latest per ticket) per bucket: good and bad. */
    public Uni<Bucketed> ratings(Query q) {
        return bucketed("SELECT to_char(date_trunc(:granularity, s.rated_at AT TIME ZONE :zone), 'YYYY-MM-DD'), s.rating, count(*)"
                + " FROM ticket_summary s WHERE s.rated_at >= :from AND s.rated_at < :to AND s.rating IN ('good', 'bad')" + FILTER
                + " GROUP BY 1, 2", q);
    }

    /** SLA clocks that ended in time (met) and breaches, per bucket and metric ("met:first-reply", "breached:resolution"). */
    public Uni<Bucketed> sla(Query q) {
        return bucketed("SELECT to_char(date_trunc(:granularity, m.ended_at AT TIME ZONE :zone), 'YYYY-MM-DD'), 'met:' || m.metric, count(*)"
                + " FROM sla_measure m JOIN ticket_summary s ON s.ticket_id = m.ticket_id"
                + " WHERE NOT m.breached AND m.ended_at >= :from AND m.ended_at < :to" + FILTER + " GROUP BY 1, 2"
                + " UNION ALL SELECT to_char(date_trunc(:granularity, b.breached_at AT TIME ZONE :zone), 'YYYY-MM-DD'), 'breached:' || b.metric, count(*)"
                + " FROM sla_breach b LEFT JOIN ticket_summary s ON s.ticket_id = b.ticket_id"
                + " WHERE b.breached_at >= :from AND b.breached_at < :to" + FILTER + " GROUP BY 1, 2", q);
    }

    /** Chatbot deflections per bucket (by channel only: a deflection has no queue or agent). */
    public Uni<Bucketed> deflections(Query q) {
        return bucketed("SELECT to_char(date_trunc(:granularity, d.received_at AT TIME ZONE :zone), 'YYYY-MM-DD'), 'deflected', count(*)"
                + " FROM deflection d WHERE d.received_at >= :from AND d.received_at < :to AND cast(:queue as varchar) IS NULL"
                + " AND cast(:agent as varchar) IS NULL AND (cast(:channel as varchar) IS NULL OR d.channel = :channel) GROUP BY 1, 2", q);
    }

    /** Over tickets whose latest solve is in the range. */
    public Uni<Solved> solved(Query q) {
        return run("SELECT count(*), count(*) FILTER (WHERE s.agent_replies <= 1), count(*) FILTER (WHERE s.reopens > 0),"
                + " count(*) FILTER (WHERE s.macro_applied), coalesce(sum(s.agent_replies), 0), count(*) FILTER (WHERE s.rating IS NOT NULL)"
                + " FROM ticket_summary s WHERE s.solved_at >= :from AND s.solved_at < :to" + FILTER, q)
                .map(rows -> {
                    Object[] r = rows.get(0);
                    return new Solved(l(r[0]), l(r[1]), l(r[2]), l(r[3]), l(r[4]), l(r[5]));
                });
    }

    /**
     * p50 and p90 in hours, round the clock and in business hours, of what the metric's SLA clocks measured when they
     * ended in the range: elapsed time, or with {@code running} the time they ran; with {@code latestPerTicket}, only
     * each ticket's latest measurement (a ticket solved twice counts its last resolution). One pass for both.
     */
    public Uni<Percentiles[]> percentiles(Query q, String metric, boolean running, boolean latestPerTicket) {
        String calendar = running ? "running_seconds" : "elapsed_seconds";
        String business = running ? "running_business_seconds" : "elapsed_business_seconds";
        String source = latestPerTicket
                ? "(SELECT DISTINCT ON (ticket_id) * FROM sla_measure WHERE metric = :metric AND ended_at >= :from AND ended_at < :to"
                        + " ORDER BY ticket_id, ended_at DESC)"
                : "(SELECT * FROM sla_measure WHERE metric = :metric AND ended_at >= :from AND ended_at < :to)";
        String join = q.queue() == null && q.channel() == null && q.agent() == null ? " WHERE true"
                : " JOIN ticket_summary s ON s.ticket_id = m.ticket_id WHERE true" + FILTER;
        return run("SELECT count(*),"
                + " percentile_cont(0.5) WITHIN GROUP (ORDER BY m." + calendar + ") / 3600.0,"
                + " percentile_cont(0.9) WITHIN GROUP (ORDER BY m." + calendar + ") / 3600.0,"
                + " percentile_cont(0.5) WITHIN GROUP (ORDER BY m." + business + ") / 3600.0,"
                + " percentile_cont(0.9) WITHIN GROUP (ORDER BY m." + business + ") / 3600.0"
                + " FROM " + source + " m" + join, q, metric).map(rows -> {
                    Object[] r = rows.get(0);
                    return new Percentiles[] { new Percentiles(l(r[0]), d(r[1]), d(r[2])), new Percentiles(l(r[0]), d(r[3]), d(r[4])) };
                });
    }

    /** Tickets created in the range by a column of the summary (channel, queue) or solved by assignee. */
    public Uni<Map<String, Long>> volume(Query q, String by) {
        String sql = switch (by) {
            case "channel", "queue" -> "SELECT coalesce(s." + by + ", 'unrouted'), count(*) FROM ticket_summary s"
                    + " WHERE s.created_at >= :from AND s.created_at < :to" + FILTER + " GROUP BY 1 ORDER BY 2 DESC, 1";
            case "agent" -> "SELECT coalesce(s.assignee, 'unassigned'), count(*) FROM ticket_summary s"
                    + " WHERE s.solved_at >= :from AND s.solved_at < :to" + FILTER + " GROUP BY 1 ORDER BY 2 DESC, 1";
            default -> throw new IllegalArgumentException(by);
        };
        return run(sql, q).map(rows -> {
            Map<String, Long> counts = new LinkedHashMap<>();
            rows.forEach(r -> counts.put((String) r[0], l(r[1])));
            return counts;
        });
    }

    private Uni<Bucketed> bucketed(String sql, Query q) {
        return run(sql, q).map(rows -> {
            Map<String, Map<String, Long>> counts = new LinkedHashMap<>();
            rows.forEach(r -> counts.computeIfAbsent((String) r[0], k -> new LinkedHashMap<>()).merge((String) r[1], l(r[2]), Long::sum));
            return new Bucketed(counts);
        });
    }

    private Uni<Long> single(String sql, Query q) {
        return run(sql, q).map(rows -> l(rows.get(0)[0]));
    }

    private Uni<List<Object[]>> run(String sql, Query q) {
        return run(sql, q, null);
    }

    /** Binds the named parameters the statement uses: from, to, queue, channel, agent, granularity, zone, metric. */
    private Uni<List<Object[]>> run(String sql, Query q, String metric) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("from", q.from());
        values.put("to", q.to());
        values.put("queue", q.queue());
        values.put("channel", q.channel());
        values.put("agent", q.agent());
        values.put("granularity", q.granularity());
        values.put("zone", sqlZone(q.zone()));
        values.put("metric", metric);
        return Panache.getSession().chain(s -> {
            var query = s.createNativeQuery(sql, Object.class);
            values.forEach((name, value) -> {
                if (sql.matches("(?s).*:" + name + "\\b.*")) {
                    query.setParameter(name, value);
                }
            });
            return query.getResultList();
        }).map(OverviewRepository::rows);
    }

    /**
     * The zone as PostgreSQL's {@code AT TIME ZONE} must be given it. A region (Asia/Tokyo) is passed as it is. A fixed
     * offset is not: PostgreSQL reads {@code +09:00}, {@code UTC+9} or {@code GMT+09:00} the POSIX way, positive west
     * of Greenwich, so its buckets would be twice the offset away from the ones {@code java.time} lays out (and what
     * fell outside those would be dropped); it is spelled as a POSIX zone instead ({@code <+0900>-09:00}), which both
     * read alike.
     */
    static String sqlZone(String zone) {
        if (!(ZoneId.of(zone).normalized() instanceof ZoneOffset offset)) {
            return zone;
        }
        int seconds = offset.getTotalSeconds();
        if (seconds == 0) {
            return "UTC";
        }
        int abs = Math.abs(seconds);
        return "<%s>%s%02d:%02d:%02d".formatted(offset.getId().replace(":", ""), seconds > 0 ? "-" : "+", abs / 3600, abs / 60 % 60, abs % 60);
    }

    /** A one-column result comes back as scalars, not arrays. */
    private static List<Object[]> rows(List<?> result) {
        List<Object[]> rows = new ArrayList<>();
        if (result != null) {
            result.forEach(r -> rows.add(r instanceof Object[] array ? array : new Object[] { r }));
        }
        return rows;
    }

    private static long l(Object o) {
        return o == null ? 0 : ((Number) o).longValue();
    }

    private static Double d(Object o) {
        return o == null ? null : ((Number) o).doubleValue();
    }
}
