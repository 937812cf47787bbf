package io.madoguchi.ticket.repository;

import io.madoguchi.ticket.domain.Macro;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class MacroRepository implements PanacheRepositoryBase<Macro, Long> {
}
