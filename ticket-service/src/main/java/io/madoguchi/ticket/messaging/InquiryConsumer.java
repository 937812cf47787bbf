package io.madoguchi.ticket.messaging;

import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.madoguchi.ticket.events.InquiryReceived;
import io.madoguchi.ticket.service.InquiryIntake;
import io.madoguchi.ticket.service.InquiryIntake.InquiryEvent;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Consumes {@code inquiries.v1} a poll batch at a time: poison records go to {@code inquiries.v1.dlq},
 * the rest are applied in one transaction. Should the database refuse the batch for good, the records
 * are applied one by one, so that only the one it refuses is dead-lettered.
 */
@ApplicationScoped
public class InquiryConsumer {

    private static final Logger LOG = Logger.getLogger(InquiryConsumer.class);

    private final InquiryIntake tickets;
    private final ConsumerTurns turns;
    private final DeadLetters deadLetters;
    private final ObjectMapper mapper;
    private final DistributionSummary batchSizes;

    public InquiryConsumer(InquiryIntake tickets, ConsumerTurns turns, DeadLetters deadLetters, ObjectMapper mapper, MeterRegistry registry) {
        this.tickets = tickets;
        this.turns = turns;
        this.deadLetters = deadLetters;
        this.mapper = mapper;
        this.batchSizes = DistributionSummary.builder("madoguchi.consumer.batch.size").tag("topic", "inquiries.v1")
                .description("Inquiries applied per transaction").register(registry);
    }

    @Incoming("inquiries")
    public Uni<Void> consume(ConsumerRecords<String, byte[]> records) {
        // the database work runs on the records' context, not on whichever thread completes a dead letter's send
        Context context = Vertx.currentContext();
        List<InquiryEvent> good = new ArrayList<>();
        List<ConsumerRecord<String, byte[]>> goodRecords = new ArrayList<>();
        List<Uni<Void>> dead = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            try {
                InquiryEvent event = read(record);
                if (event != null) {
                    good.add(event);
                    goodRecords.add(record);
                }
            } catch (PoisonMessageException e) {
                dead.add(deadLetters.send(record, e.getMessage()));
            }
        }
        Uni<Void> deadLettered = dead.isEmpty() ? Uni.createFrom().voidItem() : Uni.join().all(dead).andFailFast().replaceWithVoid();
        if (good.isEmpty()) {
            return deadLettered;
        }
        return deadLettered
                .chain(() -> Retries.untilDone("a batch of " + good.size() + " inquiries", context,
                        () -> turns.inTurn(context, () -> tickets.applyInquiries(good))))
                .invoke(() -> batchSizes.record(good.size()))
                .onFailure(PoisonMessageException.class).recoverWithUni(e -> {
                    LOG.warnf("The database refused a batch (%s); applying its %d inquiries one by one", e.getMessage(), good.size());
                    return oneByOne(good, goodRecords, context);
                });
    }

    private Uni<Void> oneByOne(List<InquiryEvent> events, List<ConsumerRecord<String, byte[]>> records, Context context) {
        List<Integer> indexes = java.util.stream.IntStream.range(0, events.size()).boxed().toList();
        return Multi.createFrom().iterable(indexes)
                .onItem().transformToUniAndConcatenate(i -> Retries.untilDone("inquiry " + events.get(i).inquiry().inquiryId(), context,
                                () -> turns.inTurn(context, () -> tickets.applyInquiries(List.of(events.get(i)))))
                        .onFailure(PoisonMessageException.class).recoverWithUni(e -> deadLetters.send(records.get(i), e.getMessage())))
                .collect().last().replaceWithVoid();
    }

    /** @return the inquiry, or null for an event type this consumer does not handle */
    private InquiryEvent read(ConsumerRecord<String, byte[]> record) {
        CloudEventRecord event = CloudEventRecord.of(record);
        if (!InquiryReceived.TYPE.equals(event.type())) {
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
