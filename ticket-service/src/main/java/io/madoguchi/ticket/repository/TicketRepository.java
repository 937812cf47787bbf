package io.madoguchi.ticket.repository;

import io.madoguchi.ticket.domain.Ticket;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class TicketRepository implements PanacheRepositoryBase<Ticket, Long> {

    /** The newest ticket of the conversation that is still being worked (not solved or closed). */
    public Uni<Ticket> findOpenByConversation(String conversationKey) {
        return find("conversationKey = ?1 and status not in ('solved', 'closed') order by id desc", conversationKey)
                .firstResult();
    }
}
