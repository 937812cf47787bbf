package io.madoguchi.ticket.service;

import java.util.List;

import io.madoguchi.ticket.domain.MessageDelivery;
import io.madoguchi.ticket.domain.Ticket;
import io.madoguchi.ticket.domain.TicketMessage;
import io.madoguchi.ticket.repository.MessageDeliveryRepository;
import io.madoguchi.ticket.repository.TicketMessageRepository;
import io.madoguchi.ticket.repository.TicketRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Reads tickets for the agent API: one with its conversation, or a page of a search. */
@ApplicationScoped
public class TicketQueries {

    /** {@code deliveries}: what is known of delivering its messages, acknowledgements and surveys to the customer. */
    public record TicketWithMessages(Ticket ticket, List<TicketMessage> messages, List<MessageDelivery> deliveries) {
    }

    private final TicketRepository tickets;
    private final TicketMessageRepository messages;
    private final MessageDeliveryRepository deliveries;

    public TicketQueries(TicketRepository tickets, TicketMessageRepository messages, MessageDeliveryRepository deliveries) {
        this.tickets = tickets;
        this.messages = messages;
        this.deliveries = deliveries;
    }

    /** @return the ticket with its messages and their deliveries, or null when there is no such ticket */
    public Uni<TicketWithMessages> find(long id) {
        return Panache.withSession(() -> tickets.findById(id)
                .chain(ticket -> ticket == null ? Uni.createFrom().nullItem()
                        : messages.listByTicket(id).chain(list -> deliveries.listByTicket(id)
                                .map(delivered -> new TicketWithMessages(ticket, list, delivered)))));
    }

    /** The inbox views' counts for this agent; recently solved means within the last 7 days. */
    public Uni<TicketRepository.ViewCounts> countViews(String agent) {
        return Panache.withSession(() -> tickets.countViews(agent, java.time.Instant.now().minus(java.time.Duration.ofDays(7))));
    }

    /** The SLA view: soonest due first, after the cursor. */
    public Uni<List<Ticket>> searchByDue(TicketRepository.Filter filter, TicketRepository.DueCursor after, int limit) {
        return Panache.withSession(() -> tickets.searchByDue(filter, after, limit));
    }

    /** Newest first, {@code limit} tickets with ids below {@code before} (the cursor), matching the filter. */
    public Uni<List<Ticket>> search(TicketRepository.Filter filter, Long before, int limit) {
        return Panache.withSession(() -> tickets.search(filter, before, limit));
    }
}
