package io.madoguchi.escalation.repository;

import java.util.List;

import io.madoguchi.escalation.domain.RoutingRuleSet;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class RoutingRuleSetRepository implements PanacheRepositoryBase<RoutingRuleSet, Long> {

    /** The version in force, or null before any rules were saved. */
    public Uni<RoutingRuleSet> current() {
        return find("order by version desc").firstResult();
    }

    public Uni<List<RoutingRuleSet>> history(int limit) {
        return findAll(Sort.descending("version")).page(0, limit).list();
    }
}
