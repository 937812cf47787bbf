package io.madoguchi.ticket.repository;

import java.util.List;
import java.util.UUID;

import io.madoguchi.ticket.domain.MessageDelivery;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

@ApplicationScoped
public class MessageDeliveryRepository implements PanacheRepositoryBase<MessageDelivery, UUID> {

    /**
     * The deliveries of the ticket's messages (found by message, so that they follow messages moved by a merge) and
     * the ticket's deliveries of no message (acknowledgements, surveys).
     */
    public Uni<List<MessageDelivery>> listByTicket(long ticketId) {
        return list("messageId in (select m.id from TicketMessage m where m.ticketId = ?1)"
                + " or (ticketId = ?1 and messageId is null) order by updatedAt", ticketId);
    }

    /** The row, locked until the transaction ends, so that a retry and an outcome do not interleave. */
    public Uni<MessageDelivery> findForUpdate(UUID deliveryId) {
        return findById(deliveryId, LockModeType.PESSIMISTIC_WRITE);
    }
}
