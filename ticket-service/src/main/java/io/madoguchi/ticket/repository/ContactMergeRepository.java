package io.madoguchi.ticket.repository;

import io.madoguchi.ticket.domain.ContactMerge;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class ContactMergeRepository implements PanacheRepositoryBase<ContactMerge, Long> {
}
