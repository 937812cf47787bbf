package io.madoguchi.ticket.repository;

import java.util.List;

import io.madoguchi.ticket.domain.ContactIdentity;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class ContactIdentityRepository implements PanacheRepositoryBase<ContactIdentity, Long> {

    public Uni<ContactIdentity> find(String kind, String value) {
        return find("kind = ?1 and value = ?2", kind, value).firstResult();
    }

    public Uni<List<ContactIdentity>> listByContact(long contactId) {
        return list("contactId = ?1 order by id", contactId);
    }
}
