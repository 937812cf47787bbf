package io.madoguchi.escalation.messaging;

import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.madoguchi.chassis.cloudevents.CloudEventRecord;
import io.madoguchi.chassis.consumer.BatchConsumer;
import io.madoguchi.chassis.consumer.PoisonMessageException;
import io.madoguchi.escalation.events.TicketContactErased;
import io.madoguchi.escalation.events.TicketCreated;
import io.madoguchi.escalation.events.TicketMessageAdded;
import io.madoguchi.escalation.events.TicketPriorityChanged;
import io.madoguchi.escalation.events.TicketStatusChanged;
import io.madoguchi.escalation.events.TicketTagsChanged;
import io.madoguchi.escalation.service.TicketEffects;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Consumes {@code tickets.v1} a poll batch at a time through the chassis' batch consumer: new tickets are routed and
 * start their SLA clocks; replies and status and priority changes move the clocks; an added tag can route a ticket
 * again; an erased contact's routing facts go. What cannot be read goes to {@code tickets.v1.dlq}; the other events
 * are applied in order in one transaction, set-based ({@link TicketEffects}).
 */
@ApplicationScoped
public class TicketEventConsumer {

    private final TicketEffects effects;
    private final BatchConsumer batches;
    private final ObjectMapper mapper;

    public TicketEventConsumer(TicketEffects effects, BatchConsumer batches, ObjectMapper mapper) {
        this.effects = effects;
        this.batches = batches;
        this.mapper = mapper;
    }

    @Incoming("tickets")
    public Uni<Void> consume(ConsumerRecords<String, byte[]> records) {
        return batches.apply(records, this::read, effects::apply);
    }

    /** @return the event, or null for a type this consumer does not handle */
    private TicketEffects.Event read(ConsumerRecord<String, byte[]> record) {
        CloudEventRecord event = CloudEventRecord.of(record);
        UUID id = event.id();
        String topic = record.topic();
        return switch (event.type()) {
            case TicketCreated.TYPE -> {
                TicketCreated ticket = event.data(mapper, TicketCreated.class);
                requireTicket(ticket.ticketId(), event);
                yield new TicketEffects.Event(id, topic, ticket.ticketId(), ticket);
            }
            case TicketMessageAdded.TYPE -> {
                TicketMessageAdded added = event.data(mapper, TicketMessageAdded.class);
                requireTicket(added.ticketId(), event);
                if (added.message() == null) {
                    throw new PoisonMessageException("message-added " + id + " has no message");
                }
                yield new TicketEffects.Event(id, topic, added.ticketId(), added);
            }
            case TicketStatusChanged.TYPE -> {
                TicketStatusChanged changed = event.data(mapper, TicketStatusChanged.class);
                requireTicket(changed.ticketId(), event);
                yield new TicketEffects.Event(id, topic, changed.ticketId(), changed);
            }
            case TicketPriorityChanged.TYPE -> {
                TicketPriorityChanged changed = event.data(mapper, TicketPriorityChanged.class);
                requireTicket(changed.ticketId(), event);
                if (changed.to() == null) {
                    throw new PoisonMessageException("priority-changed " + id + " names no priority");
                }
                yield new TicketEffects.Event(id, topic, changed.ticketId(), changed);
            }
            case TicketTagsChanged.TYPE -> {
                TicketTagsChanged changed = event.data(mapper, TicketTagsChanged.class);
                requireTicket(changed.ticketId(), event);
                yield new TicketEffects.Event(id, topic, changed.ticketId(), changed);
            }
            case TicketContactErased.TYPE -> {
                TicketContactErased erased = event.data(mapper, TicketContactErased.class);
                requireTicket(erased.ticketId(), event);
                yield new TicketEffects.Event(id, topic, erased.ticketId(), erased);
            }
            default -> null;
        };
    }

    private static void requireTicket(long ticketId, CloudEventRecord event) {
        if (ticketId <= 0) {
            throw new PoisonMessageException(event.type() + " " + event.id() + " names no ticket");
        }
    }
}
