package io.madoguchi.ticket.repository;

import io.madoguchi.ticket.domain.MacroUse;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class MacroUseRepository implements PanacheRepositoryBase<MacroUse, Long> {
}
