package io.madoguchi.ingest.repository;

import java.util.UUID;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Idempotency keys of the JSON API (plain SQL: the claim is an insert that may find the key taken). */
@ApplicationScoped
public class IdempotencyKeyRepository {

    public record Claimed(String requestHash, UUID inquiryId) {
    }

    /**
     * Claims the key for this request, in the caller's transaction. A concurrent claim of the same key
     * waits for this transaction and then finds the key taken.
     *
     * @return true if the key was free and is now this request's
     */
    public Uni<Boolean> claim(String source, String key, String requestHash, UUID inquiryId) {
        return Panache.getSession().chain(s -> s.createNativeQuery(
                        "INSERT INTO idempotency_key (source, key, request_hash, inquiry_id) VALUES (?1, ?2, ?3, ?4)"
                                + " ON CONFLICT DO NOTHING")
                .setParameter(1, source).setParameter(2, key).setParameter(3, requestHash).setParameter(4, inquiryId)
                .executeUpdate())
                .map(n -> n == 1);
    }

    public Uni<Claimed> find(String source, String key) {
        return Panache.getSession().chain(s -> s.createNativeQuery(
                        "SELECT request_hash, inquiry_id FROM idempotency_key WHERE source = ?1 AND key = ?2", Object[].class)
                .setParameter(1, source).setParameter(2, key)
                .getSingleResultOrNull())
                .map(row -> row == null ? null : new Claimed(((String) row[0]).trim(), (UUID) row[1]));
    }
}
