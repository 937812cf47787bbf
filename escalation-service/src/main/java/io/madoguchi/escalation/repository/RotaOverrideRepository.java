package io.madoguchi.escalation.repository;

import java.util.List;

import io.madoguchi.escalation.domain.RotaOverride;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class RotaOverrideRepository implements PanacheRepositoryBase<RotaOverride, Long> {

    public Uni<List<RotaOverride>> ofRota(String rotaId) {
        return list("rotaId", Sort.by("startsAt"), rotaId);
    }
}
