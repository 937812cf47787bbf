package io.madoguchi.ingest.repository;

import java.util.UUID;

import io.madoguchi.ingest.domain.Delivery;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class DeliveryRepository implements PanacheRepositoryBase<Delivery, UUID> {
}
