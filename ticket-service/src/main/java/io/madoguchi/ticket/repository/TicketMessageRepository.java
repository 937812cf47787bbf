package io.madoguchi.ticket.repository;

import java.util.List;

import io.madoguchi.ticket.domain.TicketMessage;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class TicketMessageRepository implements PanacheRepositoryBase<TicketMessage, Long> {

    /** In the order they were written: ids come in blocks, so a replica's newer message may have a smaller id. */
    public Uni<List<TicketMessage>> listByTicket(long ticketId) {
        return list("ticketId = ?1 order by createdAt, id", ticketId);
    }

    public Uni<Integer> moveToTicket(long fromTicket, long toTicket) {
        return update("ticketId = ?1 where ticketId = ?2", toTicket, fromTicket);
    }
}
