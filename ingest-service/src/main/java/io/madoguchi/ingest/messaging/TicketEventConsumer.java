package io.madoguchi.ingest.messaging;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.madoguchi.chassis.cloudevents.CloudEventRecord;
import io.madoguchi.chassis.consumer.BatchConsumer;
import io.madoguchi.chassis.consumer.PoisonMessageException;
import io.madoguchi.ingest.events.TicketEvents;
import io.madoguchi.ingest.service.delivery.DeliveryPlanner;
import io.madoguchi.ingest.service.delivery.DeliveryPlanner.TicketEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Consumes {@code tickets.v1} and {@code survey-requests.v1} through the chassis' batch consumer, for outbound
 * delivery: a created ticket tells how to reach its requester (and may be acknowledged), each public agent reply and
 * each survey request becomes a delivery on the requester's channel, and an agent's retry of a failed delivery makes
 * it pending again; an erased contact's inquiries and deliveries are erased. Other event types are skipped; what cannot be read goes to the topic's {@code .dlq}.
 */
@ApplicationScoped
public class TicketEventConsumer {

    private final DeliveryPlanner planner;
    private final BatchConsumer batches;
    private final ObjectMapper mapper;

    public TicketEventConsumer(DeliveryPlanner planner, BatchConsumer batches, ObjectMapper mapper) {
        this.planner = planner;
        this.batches = batches;
        this.mapper = mapper;
    }

    @Incoming("tickets")
    public Uni<Void> consume(ConsumerRecords<String, byte[]> records) {
        return batches.apply(records, this::read, planner::apply);
    }

    @Incoming("survey-requests")
    public Uni<Void> consumeSurveyRequests(ConsumerRecords<String, byte[]> records) {
        return batches.apply(records, this::read, planner::apply);
    }

    /** @return the event, or null for a type outbound delivery does not need */
    private TicketEvent read(ConsumerRecord<String, byte[]> record) {
        CloudEventRecord event = CloudEventRecord.of(record);
        return switch (event.type()) {
            case TicketEvents.CREATED -> {
                TicketEvents.Created created = event.data(mapper, TicketEvents.Created.class);
                if (created.ticketId() <= 0 || created.channel() == null) {
                    throw new PoisonMessageException("created event " + event.id() + " names no ticket or channel");
                }
                yield new TicketEvent(event.id(), record.topic(), created);
            }
            case TicketEvents.MESSAGE_ADDED -> {
                TicketEvents.MessageAdded added = event.data(mapper, TicketEvents.MessageAdded.class);
                if (added.ticketId() <= 0 || added.message() == null) {
                    throw new PoisonMessageException("message-added event " + event.id() + " names no ticket or message");
                }
                yield new TicketEvent(event.id(), record.topic(), added);
            }
            case TicketEvents.DELIVERY_RETRY_REQUESTED -> {
                TicketEvents.DeliveryRetryRequested retry = event.data(mapper, TicketEvents.DeliveryRetryRequested.class);
                if (retry.ticketId() <= 0 || retry.deliveryId() == null) {
                    throw new PoisonMessageException("delivery-retry-requested event " + event.id() + " names no ticket or delivery");
                }
                yield new TicketEvent(event.id(), record.topic(), retry);
            }
            case TicketEvents.SURVEY_REQUESTED -> {
                TicketEvents.SurveyRequested survey = event.data(mapper, TicketEvents.SurveyRequested.class);
                if (survey.ticketId() <= 0 || survey.channel() == null || survey.links() == null || survey.links().page() == null) {
                    throw new PoisonMessageException("survey-requested event " + event.id() + " names no ticket, channel or link");
                }
                yield new TicketEvent(event.id(), record.topic(), survey);
            }
            case TicketEvents.CONTACT_ERASED -> {
                TicketEvents.ContactErased erased = event.data(mapper, TicketEvents.ContactErased.class);
                if (erased.ticketId() <= 0 || erased.inquiryIds() == null || erased.identityHashes() == null) {
                    throw new PoisonMessageException("contact-erased event " + event.id() + " names no ticket, inquiries or identities");
                }
                yield new TicketEvent(event.id(), record.topic(), erased);
            }
            default -> null;
        };
    }
}
