package io.madoguchi.ticket.repository;

import java.util.List;
import java.util.UUID;

import io.madoguchi.ticket.domain.TicketMessage;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class TicketMessageRepository implements PanacheRepositoryBase<TicketMessage, Long> {

    public Uni<List<TicketMessage>> listByTicket(long ticketId) {
        return list("ticketId = ?1 order by id", ticketId);
    }

    public Uni<TicketMessage> findByInquiry(UUID inquiryId) {
        return find("inquiryId", inquiryId).firstResult();
    }

    public Uni<Boolean> existsForInquiry(UUID inquiryId) {
        return count("inquiryId", inquiryId).map(n -> n > 0);
    }

    /** The newest ticket holding a message with one of these channel message ids (e-mail Message-IDs). */
    public Uni<Long> findTicketByExternalIds(List<String> externalIds) {
        if (externalIds.isEmpty()) {
            return Uni.createFrom().nullItem();
        }
        return find("externalId in ?1 order by id desc", externalIds).firstResult()
                .map(message -> message == null ? null : message.ticketId);
    }

    public Uni<Integer> moveToTicket(long fromTicket, long toTicket) {
        return update("ticketId = ?1 where ticketId = ?2", toTicket, fromTicket);
    }
}
