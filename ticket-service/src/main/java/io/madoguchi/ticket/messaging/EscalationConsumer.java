package io.madoguchi.ticket.messaging;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.madoguchi.ticket.events.EscalationRouted;
import io.madoguchi.ticket.service.TicketService;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Consumes {@code escalations.v1} and applies routing decisions to tickets. */
@ApplicationScoped
public class EscalationConsumer {

    private final TicketService tickets;
    private final ObjectMapper mapper;

    public EscalationConsumer(TicketService tickets, ObjectMapper mapper) {
        this.tickets = tickets;
        this.mapper = mapper;
    }

    @Incoming("escalations")
    public Uni<Void> consume(ConsumerRecord<String, byte[]> record) {
        return Uni.createFrom().deferred(() -> handle(record));
    }

    private Uni<Void> handle(ConsumerRecord<String, byte[]> record) {
        CloudEventRecord event = CloudEventRecord.of(record);
        if (!EscalationRouted.TYPE.equals(event.type())) {
            return Uni.createFrom().voidItem();
        }
        EscalationRouted routed = event.data(mapper, EscalationRouted.class);
        if (routed.ticketId() <= 0 || routed.queue() == null || routed.queue().isBlank()) {
            throw new PoisonMessageException("routed event " + event.id() + " names no ticket or queue");
        }
        return Retries.untilDone("routing of ticket " + routed.ticketId(), () -> tickets.applyRouting(event.id(), record.topic(), routed));
    }
}
