package io.madoguchi.analytics.repository;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Help-article drafts assembled from FAQ candidates. Call within a Panache session. */
@ApplicationScoped
public class ArticleDraftRepository {

    public record StoredDraft(UUID id, long candidateId, Instant from, Instant to, String title, List<String> languages, String markdown,
            List<Long> ticketIds, String createdBy, Instant createdAt) {
    }

    private static final String COLUMNS = "id, candidate_id, range_from, range_to, title, languages, markdown,"
            + " array_to_string(ticket_ids, ','), created_by, created_at";

    public Uni<StoredDraft> save(UUID id, long candidateId, Instant from, Instant to, String title, List<String> languages,
            String markdown, List<Long> ticketIds, String createdBy) {
        return Panache.getSession().chain(s -> s.createNativeQuery(
                        "INSERT INTO article_draft (id, candidate_id, range_from, range_to, title, languages, markdown, ticket_ids, created_by)"
                                + " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)")
                .setParameter(1, id).setParameter(2, candidateId).setParameter(3, from.atOffset(ZoneOffset.UTC))
                .setParameter(4, to.atOffset(ZoneOffset.UTC)).setParameter(5, title).setParameter(6, String.join(",", languages))
                .setParameter(7, markdown)
                .setParameter(8, ticketIds.toArray(Long[]::new))
                .setParameter(9, createdBy).executeUpdate())
                .chain(() -> find(id));
    }

    public Uni<StoredDraft> find(UUID id) {
        return Panache.getSession().chain(s -> s.createNativeQuery("SELECT " + COLUMNS + " FROM article_draft WHERE id = ?1", Object[].class)
                .setParameter(1, id).getResultList())
                .map(rows -> rows.isEmpty() ? null : draft(rows.get(0)));
    }

    /** The newest drafts first. */
    public Uni<List<StoredDraft>> newest(int limit) {
        return Panache.getSession().chain(s -> s.createNativeQuery("SELECT " + COLUMNS + " FROM article_draft ORDER BY created_at DESC, id LIMIT ?1",
                        Object[].class).setParameter(1, limit).getResultList())
                .map(rows -> rows.stream().map(ArticleDraftRepository::draft).toList());
    }

    public Uni<Boolean> delete(UUID id) {
        return Panache.getSession().chain(s -> s.createNativeQuery("DELETE FROM article_draft WHERE id = ?1").setParameter(1, id).executeUpdate())
                .map(n -> n > 0);
    }

    private static StoredDraft draft(Object[] r) {
        return new StoredDraft((UUID) r[0], ((Number) r[1]).longValue(), KnowledgeBaseRepository.instant(r[2]), KnowledgeBaseRepository.instant(r[3]),
                (String) r[4], List.of(((String) r[5]).split(",")), (String) r[6],
                Arrays.stream(((String) r[7]).split(",")).map(Long::valueOf).toList(), (String) r[8], KnowledgeBaseRepository.instant(r[9]));
    }
}
