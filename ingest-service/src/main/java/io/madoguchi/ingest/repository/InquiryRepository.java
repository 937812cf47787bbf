package io.madoguchi.ingest.repository;

import java.util.UUID;

import io.madoguchi.ingest.domain.Inquiry;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

@ApplicationScoped
public class InquiryRepository implements PanacheRepositoryBase<Inquiry, UUID> {

    public Uni<Inquiry> findByDedupeKey(String source, String dedupeKey) {
        if (dedupeKey == null) {
            return Uni.createFrom().nullItem();
        }
        return find("source = ?1 and dedupeKey = ?2", source, dedupeKey).firstResult();
    }

    public Uni<Inquiry> findByDedupeKeyForUpdate(String source, String dedupeKey) {
        return find("source = ?1 and dedupeKey = ?2", source, dedupeKey).withLock(LockModeType.PESSIMISTIC_WRITE).firstResult();
    }
}
