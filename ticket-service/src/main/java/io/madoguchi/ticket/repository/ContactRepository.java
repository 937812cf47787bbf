package io.madoguchi.ticket.repository;

import io.madoguchi.ticket.domain.Contact;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class ContactRepository implements PanacheRepositoryBase<Contact, Long> {
}
