package io.madoguchi.escalation.repository;

import java.util.List;

import io.madoguchi.escalation.domain.SlaPolicyVersion;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class SlaPolicyRepository implements PanacheRepositoryBase<SlaPolicyVersion, Long> {

    /** The version in force, or null before any policy was saved. */
    public Uni<SlaPolicyVersion> current() {
        return find("order by version desc").firstResult();
    }

    public Uni<List<SlaPolicyVersion>> history(int limit) {
        return findAll(Sort.descending("version")).page(0, limit).list();
    }
}
