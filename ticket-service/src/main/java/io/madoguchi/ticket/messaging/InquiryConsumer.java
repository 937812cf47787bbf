package io.madoguchi.ticket.messaging;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.madoguchi.ticket.events.InquiryReceived;
import io.madoguchi.ticket.service.TicketService;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Consumes {@code inquiries.v1}; poison goes to {@code inquiries.v1.dlq} (see the channel's failure strategy). */
@ApplicationScoped
public class InquiryConsumer {

    private static final Logger LOG = Logger.getLogger(InquiryConsumer.class);

    private final TicketService tickets;
    private final ObjectMapper mapper;

    public InquiryConsumer(TicketService tickets, ObjectMapper mapper) {
        this.tickets = tickets;
        this.mapper = mapper;
    }

    @Incoming("inquiries")
    public Uni<Void> consume(ConsumerRecord<String, byte[]> record) {
        return Uni.createFrom().deferred(() -> handle(record));
    }

    private Uni<Void> handle(ConsumerRecord<String, byte[]> record) {
        CloudEventRecord event = CloudEventRecord.of(record);
        if (!InquiryReceived.TYPE.equals(event.type())) {
            LOG.debugf("Ignoring event type %s on %s", event.type(), record.topic());
            return Uni.createFrom().voidItem();
        }
        InquiryReceived inquiry = event.data(mapper, InquiryReceived.class);
        String missing = inquiry.missing();
        if (missing != null) {
            throw new PoisonMessageException("inquiry " + event.id() + " has no " + missing);
        }
        return Retries.untilDone("inquiry " + inquiry.inquiryId(), () -> tickets.applyInquiry(event.id(), record.topic(), inquiry));
    }
}
