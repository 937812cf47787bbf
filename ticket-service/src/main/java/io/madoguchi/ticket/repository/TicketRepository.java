package io.madoguchi.ticket.repository;

import java.util.LinkedHashMap;
import java.util.Map;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.madoguchi.ticket.domain.Ticket;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class TicketRepository implements PanacheRepositoryBase<Ticket, Long> {


    /**
     * Filters of the agent API's ticket list; null means "any". {@code statuses}: any of these; {@code unassigned}:
     * only tickets nobody is assigned.
     */
    public record Filter(List<String> statuses, String queue, String assignee, boolean unassigned, String priority, String tag,
            String channel, String requester, Long contactId, Instant from, Instant to, String text, boolean slaDue) {
    }

    /**
     * The SLA view's place in its order (next due time, then id): tickets without a due time (breached, no clock
     * running) come last, as if due at {@link #NEVER}.
     */
    public record DueCursor(Instant dueAt, long id) {
    }

    private static final String SLA_BREACHED_TAG = "sla-breached";
    public static final Instant NEVER = Instant.parse("9999-12-31T00:00:00Z");
    /** The SLA view: new and open tickets due within this, or breached. */
    public static final java.time.Duration DUE_SOON = java.time.Duration.ofHours(1);

    /** How many open tickets each of the workspace's views holds. */
    public record ViewCounts(long mine, long unassigned, long slaDue, long pending, long onHold, long recentlySolved,
            Map<String, Long> queues) {
    }

    /** The conversation's newest ticket of this contact, whatever its status. */
    public Uni<List<Ticket>> listByContact(long contactId) {
        return list("contactId = ?1 order by id", contactId);
    }

    /** Newest first, {@code limit} tickets with ids below {@code before} (the cursor), matching the filter. */
    public Uni<List<Ticket>> search(Filter f, Long before, int limit) {
        return search(f, before, null, limit);
    }

    /**
     * The SLA view ({@code f.slaDue()}): new and open tickets due within {@link #DUE_SOON} or breached, soonest due
     * first, {@code limit} of them after {@code after}; other filters apply as well.
     */
    public Uni<List<Ticket>> searchByDue(Filter f, DueCursor after, int limit) {
        return search(f, null, after, limit);
    }

    private Uni<List<Ticket>> search(Filter f, Long before, DueCursor after, int limit) {
        StringBuilder sql = new StringBuilder("SELECT * FROM ticket t WHERE t.merged_into IS NULL");
        List<Object> params = new ArrayList<>();
        if (before != null) {
            sql.append(" AND t.id < ?").append(add(params, before));
        }
        String due = f.slaDue() ? "COALESCE(t.sla_due_at, ?" + add(params, NEVER) + ")" : null;
        if (f.slaDue()) {
            sql.append(" AND t.status IN ('new', 'open') AND (t.sla_due_at < ?").append(add(params, Instant.now().plus(DUE_SOON)))
                    .append(" OR '").append(SLA_BREACHED_TAG).append("' = ANY (t.tags))");
            if (after != null) {
                sql.append(" AND (").append(due).append(", t.id) > (?").append(add(params, after.dueAt())).append(", ?")
                        .append(add(params, after.id())).append(")");
            }
        }
        if (f.statuses() != null && !f.statuses().isEmpty()) {
            sql.append(" AND t.status = ANY (?").append(add(params, f.statuses().toArray(String[]::new))).append(")");
        }
        if (f.unassigned()) {
            sql.append(" AND t.assignee IS NULL");
        }
        if (f.priority() != null) {
            sql.append(" AND t.priority = ?").append(add(params, f.priority()));
        }
        if (f.queue() != null) {
            sql.append(" AND t.queue = ?").append(add(params, f.queue()));
        }
        if (f.assignee() != null) {
            sql.append(" AND t.assignee = ?").append(add(params, f.assignee()));
        }
        if (f.tag() != null) {
            sql.append(" AND ?").append(add(params, f.tag())).append(" = ANY (t.tags)");
        }
        if (f.channel() != null) {
            sql.append(" AND t.channel = ?").append(add(params, f.channel()));
        }
        if (f.requester() != null) {
            int p = add(params, f.requester().toLowerCase());
            sql.append(" AND (lower(t.requester_email) = ?").append(p).append(" OR t.requester_id = ?").append(p).append(")");
        }
        if (f.contactId() != null) {
            sql.append(" AND t.contact_id = ?").append(add(params, f.contactId()));
        }
        if (f.from() != null) {
            sql.append(" AND t.created_at >= ?").append(add(params, f.from()));
        }
        if (f.to() != null) {
            sql.append(" AND t.created_at < ?").append(add(params, f.to()));
        }
        if (f.text() != null) {
            // substring match, so it works for Japanese (no word boundaries) as well as English
            int p = add(params, "%" + f.text().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
            sql.append(" AND (t.subject ILIKE ?").append(p).append(" OR EXISTS (SELECT 1 FROM ticket_message m")
                    .append(" WHERE m.ticket_id = t.id AND m.body ILIKE ?").append(p).append("))");
        }
        sql.append(f.slaDue() ? " ORDER BY " + due + ", t.id" : " ORDER BY t.id DESC").append(" LIMIT ?").append(add(params, limit));
        return Panache.getSession().chain(session -> {
            var query = session.createNativeQuery(sql.toString(), Ticket.class);
            for (int i = 0; i < params.size(); i++) {
                query.setParameter(i + 1, params.get(i));
            }
            return query.getResultList();
        });
    }

    /**
     * The views' counts in two statements: mine and unassigned count new and open tickets; recently solved, those
     * solved since {@code solvedSince}; each queue, its tickets not yet solved.
     */
    public Uni<ViewCounts> countViews(String me, Instant solvedSince) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        SELECT count(*) FILTER (WHERE assignee = ?1 AND status IN ('new', 'open')),
                               count(*) FILTER (WHERE assignee IS NULL AND status IN ('new', 'open')),
                               count(*) FILTER (WHERE status IN ('new', 'open') AND (sla_due_at < ?3 OR 'sla-breached' = ANY (tags))),
                               count(*) FILTER (WHERE status = 'pending'),
                               count(*) FILTER (WHERE status = 'on-hold'),
                               count(*) FILTER (WHERE status = 'solved' AND solved_at >= ?2)
                        FROM ticket WHERE merged_into IS NULL AND status <> 'closed'""", Object[].class)
                .setParameter(1, me).setParameter(2, solvedSince).setParameter(3, Instant.now().plus(DUE_SOON)).getSingleResult()
                .chain(row -> session.createNativeQuery("""
                                SELECT queue, count(*) FROM ticket
                                WHERE merged_into IS NULL AND status IN ('new', 'open', 'pending', 'on-hold') AND queue IS NOT NULL
                                GROUP BY queue ORDER BY queue""", Object[].class).getResultList()
                        .map(queues -> {
                            Map<String, Long> byQueue = new LinkedHashMap<>();
                            queues.forEach(q -> byQueue.put((String) q[0], ((Number) q[1]).longValue()));
                            return new ViewCounts(count(row[0]), count(row[1]), count(row[2]), count(row[3]), count(row[4]),
                                    count(row[5]), byQueue);
                        })));
    }

    private static long count(Object value) {
        return ((Number) value).longValue();
    }

    /** Solved tickets whose time to close has come, locked so that one replica closes each. */
    public Uni<List<Ticket>> lockSolvedBefore(Instant solvedBefore, int limit) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "SELECT * FROM ticket WHERE status = 'solved' AND solved_at < ?1 ORDER BY solved_at LIMIT ?2"
                                + " FOR UPDATE SKIP LOCKED", Ticket.class)
                .setParameter(1, solvedBefore).setParameter(2, limit).getResultList());
    }

    private static int add(List<Object> params, Object value) {
        params.add(value);
        return params.size();
    }
}
