package io.madoguchi.ingest.repository;

import io.madoguchi.ingest.domain.DeliveryTicket;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class DeliveryTicketRepository implements PanacheRepositoryBase<DeliveryTicket, Long> {
}
