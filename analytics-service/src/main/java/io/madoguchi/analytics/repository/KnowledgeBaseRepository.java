package io.madoguchi.analytics.repository;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Help articles, and what mining reads of solved tickets. Call within a Panache session. */
@ApplicationScoped
public class KnowledgeBaseRepository {

    /** {@code language} (ja, en, …) and {@code pair}, the key an article's translations share, may be null. */
    public record Article(String id, String title, String body, String url, String language, String pair, String updatedBy, Instant updatedAt) {
    }

    /** A solved ticket's question and answer as archived (originals: redact before use). */
    public record SolvedTicket(long ticketId, String subject, String question, String answer, String macro, String requesterName,
            Instant solvedAt) {
    }

    public Uni<List<Article>> articles() {
        return Panache.getSession().chain(s -> s.createNativeQuery(
                "SELECT id, title, body, url, language, translation_pair, updated_by, updated_at FROM help_article ORDER BY id", Object[].class).getResultList())
                .map(rows -> rows.stream().map(KnowledgeBaseRepository::article).toList());
    }

    public Uni<Article> article(String id) {
        return Panache.getSession().chain(s -> s.createNativeQuery(
                "SELECT id, title, body, url, language, translation_pair, updated_by, updated_at FROM help_article WHERE id = ?1", Object[].class)
                .setParameter(1, id).getResultList())
                .map(rows -> rows.isEmpty() ? null : article(rows.get(0)));
    }

    /** @return true if the article is new */
    public Uni<Boolean> save(String id, String title, String body, String url, String language, String pair, String updatedBy) {
        return Panache.getSession().chain(s -> s.createNativeQuery(
                "INSERT INTO help_article (id, title, body, url, language, translation_pair, updated_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"
                        + " ON CONFLICT (id) DO UPDATE SET title = excluded.title, body = excluded.body, url = excluded.url,"
                        + " language = excluded.language, translation_pair = excluded.translation_pair,"
                        + " updated_by = excluded.updated_by, updated_at = now() RETURNING (xmax = 0)", Boolean.class)
                .setParameter(1, id).setParameter(2, title).setParameter(3, body).setParameter(4, url).setParameter(5, language)
                .setParameter(6, pair).setParameter(7, updatedBy)
                .getSingleResult());
    }

    public Uni<Boolean> delete(String id) {
        return Panache.getSession().chain(s -> s.createNativeQuery("DELETE FROM help_article WHERE id = ?1")
                .setParameter(1, id).executeUpdate()).map(n -> n > 0);
    }

    /** Tickets solved (or closed after solving) in [from, to), newest first, at most {@code limit}. */
    public Uni<List<SolvedTicket>> solved(OffsetDateTime from, OffsetDateTime to, int limit) {
        return Panache.getSession().chain(s -> s.createNativeQuery(
                "SELECT ticket_id, subject, question, answer, macro, requester_name, solved_at FROM ticket_summary"
                        + " WHERE solved_at >= ?1 AND solved_at < ?2 AND (subject IS NOT NULL OR question IS NOT NULL)"
                        + " ORDER BY solved_at DESC LIMIT ?3", Object[].class)
                .setParameter(1, from).setParameter(2, to).setParameter(3, limit).getResultList())
                .map(rows -> rows.stream().map(r -> new SolvedTicket(((Number) r[0]).longValue(), (String) r[1], (String) r[2], (String) r[3],
                        (String) r[4], (String) r[5], instant(r[6]))).toList());
    }

    /**
     * What mining [from, to) depends on, as hashes of the same rows {@link #solved} reads and of every article: equal
     * fingerprints mean an equal mining result. Content hashes rather than a revision counter, so the writers pay
     * nothing for it and no write can be missed.
     */
    public Uni<String> miningFingerprint(OffsetDateTime from, OffsetDateTime to, int limit) {
        return Panache.getSession().chain(s -> s.createNativeQuery("""
                SELECT concat_ws('/', t.n, t.h, a.n, a.h)
                FROM (SELECT count(*) n, coalesce(sum(hashtextextended(concat_ws(chr(31), ticket_id, subject, question, answer,
                                  macro, requester_name, solved_at), 0)::numeric), 0) h
                      FROM (SELECT ticket_id, subject, question, answer, macro, requester_name, solved_at FROM ticket_summary
                            WHERE solved_at >= ?1 AND solved_at < ?2 AND (subject IS NOT NULL OR question IS NOT NULL)
                            ORDER BY solved_at DESC LIMIT ?3) newest) t,
                     (SELECT count(*) n, coalesce(sum(hashtextextended(concat_ws(chr(31), id, title, body, url, language, translation_pair), 0)::numeric), 0) h
                      FROM help_article) a""", String.class)
                .setParameter(1, from).setParameter(2, to).setParameter(3, limit).getSingleResult());
    }

    private static Article article(Object[] r) {
        return new Article((String) r[0], (String) r[1], (String) r[2], (String) r[3], (String) r[4], (String) r[5], (String) r[6], instant(r[7]));
    }

    static Instant instant(Object value) {
        if (value instanceof OffsetDateTime odt) {
            return odt.toInstant();
        }
        if (value instanceof Instant i) {
            return i;
        }
        if (value instanceof java.time.LocalDateTime ldt) {
            return ldt.toInstant(java.time.ZoneOffset.UTC);
        }
        return value == null ? null : ((java.sql.Timestamp) value).toInstant();
    }
}
