package io.madoguchi.ingest.repository;

import io.madoguchi.ingest.domain.SupersededPayload;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class SupersededPayloadRepository implements PanacheRepositoryBase<SupersededPayload, Long> {
}
