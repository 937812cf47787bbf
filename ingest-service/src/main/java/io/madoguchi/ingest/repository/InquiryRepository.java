package io.madoguchi.ingest.repository;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

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

    /** A payload's source and dedupe key, unique among inquiries. */
    public record DedupeKey(String source, String dedupeKey) {
    }

    /** The inquiries these keys name, in one query; the map is the caller's to add to. */
    public Uni<Map<DedupeKey, Inquiry>> findByDedupeKeys(List<DedupeKey> keys) {
        if (keys.isEmpty()) {
            return Uni.createFrom().item(new HashMap<>());
        }
        Set<DedupeKey> wanted = Set.copyOf(keys);
        return list("source in ?1 and dedupeKey in ?2", keys.stream().map(DedupeKey::source).collect(Collectors.toSet()),
                keys.stream().map(DedupeKey::dedupeKey).collect(Collectors.toSet()))
                .map(found -> {
                    Map<DedupeKey, Inquiry> byKey = new HashMap<>();
                    found.stream().filter(i -> wanted.contains(new DedupeKey(i.source, i.dedupeKey)))
                            .forEach(i -> byKey.put(new DedupeKey(i.source, i.dedupeKey), i));
                    return byKey;
                });
    }

    public Uni<Inquiry> findByDedupeKeyForUpdate(String source, String dedupeKey) {
        return find("source = ?1 and dedupeKey = ?2", source, dedupeKey).withLock(LockModeType.PESSIMISTIC_WRITE).firstResult();
    }
}
