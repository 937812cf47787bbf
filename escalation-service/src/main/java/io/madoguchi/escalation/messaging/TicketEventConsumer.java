package io.madoguchi.escalation.messaging;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.madoguchi.escalation.events.TicketCreated;
import io.madoguchi.escalation.events.TicketMessageAdded;
import io.madoguchi.escalation.events.TicketPriorityChanged;
import io.madoguchi.escalation.events.TicketStatusChanged;
import io.madoguchi.escalation.events.TicketTagsChanged;
import io.madoguchi.escalation.service.sla.SlaService;
import io.madoguchi.escalation.service.RoutingService;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Consumes {@code tickets.v1}: new tickets are routed and start their SLA clocks; replies and status and priority changes move the clocks. */
@ApplicationScoped
public class TicketEventConsumer {

    private final RoutingService routing;
    private final SlaService sla;
    private final ObjectMapper mapper;

    public TicketEventConsumer(RoutingService routing, SlaService sla, ObjectMapper mapper) {
        this.routing = routing;
        this.sla = sla;
        this.mapper = mapper;
    }

    @Incoming("tickets")
    public Uni<Void> consume(ConsumerRecord<String, byte[]> record) {
        return Uni.createFrom().deferred(() -> handle(record));
    }

    private Uni<Void> handle(ConsumerRecord<String, byte[]> record) {
        CloudEventRecord event = CloudEventRecord.of(record);
        String topic = record.topic();
        return switch (event.type()) {
            case TicketCreated.TYPE -> {
                TicketCreated ticket = event.data(mapper, TicketCreated.class);
                requireTicket(ticket.ticketId(), event);
                yield Retries.untilDone("routing of ticket " + ticket.ticketId(), () -> routing.route(event.id(), topic, ticket));
            }
            case TicketMessageAdded.TYPE -> {
                TicketMessageAdded added = event.data(mapper, TicketMessageAdded.class);
                requireTicket(added.ticketId(), event);
                if (added.message() == null) {
                    throw new PoisonMessageException("message-added " + event.id() + " has no message");
                }
                yield Retries.untilDone("SLA of ticket " + added.ticketId(), () -> sla.messageAdded(event.id(), topic, added));
            }
            case TicketStatusChanged.TYPE -> {
                TicketStatusChanged changed = event.data(mapper, TicketStatusChanged.class);
                requireTicket(changed.ticketId(), event);
                yield Retries.untilDone("SLA of ticket " + changed.ticketId(), () -> sla.statusChanged(event.id(), topic, changed));
            }
            case TicketPriorityChanged.TYPE -> {
                TicketPriorityChanged changed = event.data(mapper, TicketPriorityChanged.class);
                requireTicket(changed.ticketId(), event);
                if (changed.to() == null) {
                    throw new PoisonMessageException("priority-changed " + event.id() + " names no priority");
                }
                yield Retries.untilDone("SLA of ticket " + changed.ticketId(), () -> sla.priorityChanged(event.id(), topic, changed));
            }
            case TicketTagsChanged.TYPE -> {
                TicketTagsChanged changed = event.data(mapper, TicketTagsChanged.class);
                requireTicket(changed.ticketId(), event);
                yield Retries.untilDone("re-routing of ticket " + changed.ticketId(), () -> routing.tagsChanged(event.id(), topic, changed));
            }
            default -> Uni.createFrom().voidItem();
        };
    }

    private static void requireTicket(long ticketId, CloudEventRecord event) {
        if (ticketId <= 0) {
            throw new PoisonMessageException(event.type() + " " + event.id() + " names no ticket");
        }
    }
}
