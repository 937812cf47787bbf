package io.madoguchi.escalation.messaging;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.madoguchi.escalation.events.TicketCreated;
import io.madoguchi.escalation.service.RoutingService;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Consumes {@code tickets.v1}; new tickets are routed, other ticket events are not needed here yet. */
@ApplicationScoped
public class TicketEventConsumer {

    private final RoutingService routing;
    private final ObjectMapper mapper;

    public TicketEventConsumer(RoutingService routing, ObjectMapper mapper) {
        this.routing = routing;
        this.mapper = mapper;
    }

    @Incoming("tickets")
    public Uni<Void> consume(ConsumerRecord<String, byte[]> record) {
        return Uni.createFrom().deferred(() -> handle(record));
    }

    private Uni<Void> handle(ConsumerRecord<String, byte[]> record) {
        CloudEventRecord event = CloudEventRecord.of(record);
        if (!TicketCreated.TYPE.equals(event.type())) {
            return Uni.createFrom().voidItem();
        }
        TicketCreated ticket = event.data(mapper, TicketCreated.class);
        if (ticket.ticketId() <= 0) {
            throw new PoisonMessageException("ticket.created " + event.id() + " names no ticket");
        }
        return Retries.untilDone("routing of ticket " + ticket.ticketId(), () -> routing.route(event.id(), record.topic(), ticket));
    }
}
