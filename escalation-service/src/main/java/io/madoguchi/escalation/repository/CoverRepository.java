package io.madoguchi.escalation.repository;

import java.util.List;

import io.madoguchi.escalation.domain.Cover;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class CoverRepository implements PanacheRepositoryBase<Cover, Long> {

    public Uni<List<Cover>> ofQueue(String queue) {
        return list("queue", Sort.by("id"), queue);
    }
}
