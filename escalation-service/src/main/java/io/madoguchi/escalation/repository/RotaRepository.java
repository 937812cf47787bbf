package io.madoguchi.escalation.repository;

import io.madoguchi.escalation.domain.Rota;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class RotaRepository implements PanacheRepositoryBase<Rota, String> {

    public Uni<Rota> forQueue(String queue) {
        return find("queue", queue).firstResult();
    }
}
