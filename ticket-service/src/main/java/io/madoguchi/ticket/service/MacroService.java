package io.madoguchi.ticket.service;

import java.time.Instant;
import java.util.List;

import io.madoguchi.ticket.domain.Macro;
import io.madoguchi.ticket.repository.MacroRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class MacroService {

    private final MacroRepository macros;

    public MacroService(MacroRepository macros) {
        this.macros = macros;
    }

    public Uni<Macro> create(Macro macro) {
        macro.createdAt = Instant.now();
        return Panache.withTransaction(() -> macros.find("name", macro.name).firstResult().chain(existing -> {
            if (existing != null) {
                throw new TicketConflict("A macro named '" + macro.name + "' exists");
            }
            return macros.persist(macro);
        }));
    }

    public Uni<List<Macro>> list() {
        return Panache.withSession(() -> macros.listAll(io.quarkus.panache.common.Sort.by("name")));
    }
}
