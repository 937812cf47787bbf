package io.madoguchi.ticket.messaging;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.madoguchi.chassis.cloudevents.CloudEventRecord;
import io.madoguchi.chassis.consumer.BatchConsumer;
import io.madoguchi.chassis.consumer.PoisonMessageException;
import io.madoguchi.ticket.events.InquiryReceived;
import io.madoguchi.ticket.service.InquiryIntake;
import io.madoguchi.ticket.service.InquiryIntake.InquiryEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Consumes {@code inquiries.v1} a poll batch at a time through the chassis' batch consumer: what cannot be read goes
 * to {@code inquiries.v1.dlq}, the rest is threaded into tickets in one transaction.
 */
@ApplicationScoped
public class InquiryConsumer {

    private static final Logger LOG = Logger.getLogger(InquiryConsumer.class);

    private final InquiryIntake tickets;
    private final BatchConsumer batches;
    private final ObjectMapper mapper;

    public InquiryConsumer(InquiryIntake tickets, BatchConsumer batches, ObjectMapper mapper) {
        this.tickets = tickets;
        this.batches = batches;
        this.mapper = mapper;
    }

    @Incoming("inquiries")
    public Uni<Void> consume(ConsumerRecords<String, byte[]> records) {
        return batches.apply(records, this::read, tickets::applyInquiries);
    }

    /** @return the inquiry, or null for an event type this consumer does not handle */
    private InquiryEvent read(ConsumerRecord<String, byte[]> record) {
        CloudEventRecord event = CloudEventRecord.of(record);
        if (!InquiryReceived.TYPE.equals(event.type()) && !InquiryReceived.CORRECTED_TYPE.equals(event.type())) {
            LOG.debugf("Ignoring event type %s on %s", event.type(), record.topic());
            return null;
        }
        InquiryReceived inquiry = event.data(mapper, InquiryReceived.class);
        String missing = inquiry.missing();
        if (missing != null) {
            throw new PoisonMessageException("inquiry " + event.id() + " has no " + missing);
        }
        return new InquiryEvent(event.id(), record.topic(), inquiry);
    }
}
