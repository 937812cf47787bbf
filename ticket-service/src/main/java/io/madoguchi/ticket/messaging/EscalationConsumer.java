package io.madoguchi.ticket.messaging;

import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.madoguchi.chassis.cloudevents.CloudEventRecord;
import io.madoguchi.chassis.consumer.BatchConsumer;
import io.madoguchi.chassis.consumer.PoisonMessageException;
import io.madoguchi.ticket.domain.Priority;
import io.madoguchi.ticket.events.EscalationReassigned;
import io.madoguchi.ticket.events.EscalationRouted;
import io.madoguchi.ticket.events.SlaBreached;
import io.madoguchi.ticket.events.SlaDue;
import io.madoguchi.ticket.service.EscalationEffects;
import io.madoguchi.ticket.service.EscalationEffects.Decision;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Consumes {@code escalations.v1} (routing decisions, breach escalations, SLA breaches) a poll batch at a time
 * through the chassis' batch consumer: what cannot be read goes to {@code escalations.v1.dlq}; the other events are
 * applied in order in one transaction, set-based.
 */
@ApplicationScoped
public class EscalationConsumer {

    private static final Logger LOG = Logger.getLogger(EscalationConsumer.class);
    private static final String ESCALATION_SOURCE = "/escalation-service";

    private final EscalationEffects effects;
    private final BatchConsumer batches;
    private final ObjectMapper mapper;

    public EscalationConsumer(EscalationEffects effects, BatchConsumer batches, ObjectMapper mapper) {
        this.effects = effects;
        this.batches = batches;
        this.mapper = mapper;
    }

    @Incoming("escalations")
    public Uni<Void> consume(ConsumerRecords<String, byte[]> records) {
        return batches.apply(records, this::read, effects::apply);
    }

    /** @return the event, or null for a type this consumer does not handle */
    private Decision read(ConsumerRecord<String, byte[]> record) {
        CloudEventRecord event = CloudEventRecord.of(record);
        UUID id = event.id();
        String topic = record.topic();
        // only escalation-service's own order says which of a ticket's events came first
        Long sequence = ESCALATION_SOURCE.equals(event.source()) ? event.sequence() : null;
        return switch (event.type()) {
            case EscalationRouted.TYPE -> {
                EscalationRouted routed = event.data(mapper, EscalationRouted.class);
                if (routed.ticketId() <= 0 || routed.queue() == null || routed.queue().isBlank()) {
                    throw new PoisonMessageException("routed event " + id + " names no ticket or queue");
                }
                if (routed.priority() != null && !Priority.isValid(routed.priority())) {
                    throw new PoisonMessageException("routed event " + id + " has an unknown priority");
                }
                yield new Decision(id, topic, sequence, routed.ticketId(), routed);
            }
            case EscalationReassigned.TYPE -> {
                EscalationReassigned reassigned = event.data(mapper, EscalationReassigned.class);
                if (reassigned.ticketId() <= 0) {
                    throw new PoisonMessageException("reassigned event " + id + " names no ticket");
                }
                if (reassigned.priority() != null && !Priority.isValid(reassigned.priority())) {
                    throw new PoisonMessageException("reassigned event " + id + " has an unknown priority");
                }
                yield new Decision(id, topic, sequence, reassigned.ticketId(), reassigned);
            }
            case SlaBreached.TYPE -> {
                SlaBreached breached = event.data(mapper, SlaBreached.class);
                if (breached.ticketId() <= 0) {
                    throw new PoisonMessageException("sla-breached event " + id + " names no ticket");
                }
                yield new Decision(id, topic, sequence, breached.ticketId(), breached);
            }
            case SlaDue.TYPE -> {
                SlaDue due = event.data(mapper, SlaDue.class);
                if (due.ticketId() <= 0) {
                    throw new PoisonMessageException("sla-due event " + id + " names no ticket");
                }
                yield new Decision(id, topic, sequence, due.ticketId(), due);
            }
            default -> {
                LOG.debugf("Ignoring event type %s on %s", event.type(), topic);
                yield null;
            }
        };
    }
}
