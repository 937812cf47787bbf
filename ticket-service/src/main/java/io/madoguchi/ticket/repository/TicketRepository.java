package io.madoguchi.ticket.repository;

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

    /** Filters of the agent API's ticket list; null means "any". */
    public record Filter(String status, String queue, String assignee, String tag, String channel, String requester,
            Long contactId, Instant from, Instant to, String text) {
    }

    /** The conversation's newest ticket of this contact, whatever its status. */
    public Uni<Ticket> findLatestInConversation(String conversationKey, long contactId) {
        return find("conversationKey = ?1 and contactId = ?2 order by id desc", conversationKey, contactId).firstResult();
    }

    public Uni<List<Ticket>> listByContact(long contactId) {
        return list("contactId = ?1 order by id", contactId);
    }

    /** Newest first, {@code limit} tickets with ids below {@code before} (the cursor), matching the filter. */
    public Uni<List<Ticket>> search(Filter f, Long before, int limit) {
        StringBuilder sql = new StringBuilder("SELECT * FROM ticket t WHERE t.merged_into IS NULL");
        List<Object> params = new ArrayList<>();
        if (before != null) {
            sql.append(" AND t.id < ?").append(add(params, before));
        }
        if (f.status() != null) {
            sql.append(" AND t.status = ?").append(add(params, f.status()));
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
        sql.append(" ORDER BY t.id DESC LIMIT ?").append(add(params, limit));
        return Panache.getSession().chain(session -> {
            var query = session.createNativeQuery(sql.toString(), Ticket.class);
            for (int i = 0; i < params.size(); i++) {
                query.setParameter(i + 1, params.get(i));
            }
            return query.getResultList();
        });
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
