package io.madoguchi.ticket.messaging;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.madoguchi.ticket.domain.Priority;
import io.madoguchi.ticket.events.EscalationReassigned;
import io.madoguchi.ticket.events.EscalationRouted;
import io.madoguchi.ticket.events.SlaBreached;
import io.madoguchi.ticket.service.TicketService;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Consumes {@code escalations.v1}: routing decisions, breach escalations (reassigned) and SLA breaches. */
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
        return switch (event.type()) {
            case EscalationRouted.TYPE -> {
                EscalationRouted routed = event.data(mapper, EscalationRouted.class);
                if (routed.ticketId() <= 0 || routed.queue() == null || routed.queue().isBlank()) {
                    throw new PoisonMessageException("routed event " + event.id() + " names no ticket or queue");
                }
                if (routed.priority() != null && !Priority.isValid(routed.priority())) {
                    throw new PoisonMessageException("routed event " + event.id() + " has an unknown priority");
                }
                yield Retries.untilDone("routing of ticket " + routed.ticketId(),
                        () -> tickets.applyRouting(event.id(), record.topic(), routed));
            }
            case EscalationReassigned.TYPE -> {
                EscalationReassigned reassigned = event.data(mapper, EscalationReassigned.class);
                if (reassigned.ticketId() <= 0) {
                    throw new PoisonMessageException("reassigned event " + event.id() + " names no ticket");
                }
                if (reassigned.priority() != null && !Priority.isValid(reassigned.priority())) {
                    throw new PoisonMessageException("reassigned event " + event.id() + " has an unknown priority");
                }
                yield Retries.untilDone("reassignment of ticket " + reassigned.ticketId(),
                        () -> tickets.applyReassignment(event.id(), record.topic(), reassigned));
            }
            case SlaBreached.TYPE -> {
                SlaBreached breached = event.data(mapper, SlaBreached.class);
                if (breached.ticketId() <= 0) {
                    throw new PoisonMessageException("sla-breached event " + event.id() + " names no ticket");
                }
                yield Retries.untilDone("breach of ticket " + breached.ticketId(),
                        () -> tickets.applyBreach(event.id(), record.topic(), breached));
            }
            default -> Uni.createFrom().voidItem();
        };
    }
}
