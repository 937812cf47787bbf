package io.madoguchi.ticket.service;

import java.util.List;

import io.madoguchi.ticket.domain.Ticket;
import io.madoguchi.ticket.domain.TicketMessage;
import io.madoguchi.ticket.repository.TicketMessageRepository;
import io.madoguchi.ticket.repository.TicketRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Reads tickets for the agent API: one with its conversation, or a page of a search. */
@ApplicationScoped
public class TicketQueries {

    public record TicketWithMessages(Ticket ticket, List<TicketMessage> messages) {
    }

    private final TicketRepository tickets;
    private final TicketMessageRepository messages;

    public TicketQueries(TicketRepository tickets, TicketMessageRepository messages) {
        this.tickets = tickets;
        this.messages = messages;
    }

    /** @return the ticket with its messages, or null when there is no such ticket */
    public Uni<TicketWithMessages> find(long id) {
        return Panache.withSession(() -> tickets.findById(id)
                .chain(ticket -> ticket == null ? Uni.createFrom().nullItem()
                        : messages.listByTicket(id).map(list -> new TicketWithMessages(ticket, list))));
    }

    /** Newest first, {@code limit} tickets with ids below {@code before} (the cursor), matching the filter. */
    public Uni<List<Ticket>> search(TicketRepository.Filter filter, Long before, int limit) {
        return Panache.withSession(() -> tickets.search(filter, before, limit));
    }
}
