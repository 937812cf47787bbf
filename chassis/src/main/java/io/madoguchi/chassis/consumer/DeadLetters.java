package io.madoguchi.chassis.consumer;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.time.Duration;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Writes a record that cannot be processed to {@code <topic>.dlq} as it was (key, value, headers) plus why, in the
 * {@code dead-letter-*} headers of SmallRye's own dead-letter strategy, and two of ours: {@code dead-letter-kind}
 * ({@code poison} or {@code error}) and {@code dead-letter-attempts}. SmallRye's strategy cannot serve a batch
 * consumer: a failed batch would dead-letter every record in it.
 */
@ApplicationScoped
public class DeadLetters {

    public static final String REASON = "dead-letter-reason";
    public static final String EXCEPTION_CLASS_NAME = "dead-letter-exception-class-name";
    public static final String CAUSE = "dead-letter-cause";
    public static final String CAUSE_CLASS_NAME = "dead-letter-cause-class-name";
    public static final String TOPIC = "dead-letter-topic";
    public static final String PARTITION = "dead-letter-partition";
    public static final String OFFSET = "dead-letter-offset";
    public static final String KIND = "dead-letter-kind";
    public static final String ATTEMPTS = "dead-letter-attempts";

    private static final Logger LOG = Logger.getLogger(DeadLetters.class);

    private final MutinyEmitter<byte[]> emitter;
    private final MeterRegistry registry;

    public DeadLetters(@Channel("dead-letters") @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 1024)
            MutinyEmitter<byte[]> emitter, MeterRegistry registry) {
        this.emitter = emitter;
        this.registry = registry;
    }

    /** Registers the topic's counters at zero, so that the first dead letter shows as an increase (see MetersAtZero). */
    void meterAtZero(String topic) {
        for (FailureKind kind : List.of(FailureKind.POISON, FailureKind.ERROR)) {
            counter(topic, kind);
        }
    }

    private Counter counter(String topic, FailureKind kind) {
        return Counter.builder("madoguchi.consumer.dead.letters").tag("topic", topic).tag("kind", kind.label())
                .description("Records written to <topic>.dlq, by the topic they came from and the kind of failure").register(registry);
    }

    /** Completes once the broker has the dead letter, so that the batch may then be acknowledged. */
    public Uni<Void> send(ConsumerRecord<String, byte[]> record, FailureKind kind, Throwable failure, int attempts) {
        String reason = reason(kind, failure, attempts);
        LOG.warnf("Dead-lettering %s-%d@%d (%s): %s", record.topic(), record.partition(), record.offset(), kind.label(), reason);
        counter(record.topic(), kind).increment();
        RecordHeaders headers = new RecordHeaders();
        for (Header header : record.headers()) {
            headers.add(header);
        }
        add(headers, REASON, reason);
        add(headers, EXCEPTION_CLASS_NAME, failure.getClass().getName());
        if (failure.getCause() != null && failure.getCause() != failure) {
            add(headers, CAUSE_CLASS_NAME, failure.getCause().getClass().getName());
            add(headers, CAUSE, message(failure.getCause()));
        }
        add(headers, TOPIC, record.topic());
        add(headers, PARTITION, Integer.toString(record.partition()));
        add(headers, OFFSET, Long.toString(record.offset()));
        add(headers, KIND, kind.label());
        add(headers, ATTEMPTS, Integer.toString(attempts));
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(record.topic() + ".dlq")
                .withKey(record.key())
                .withHeaders(headers)
                .build();
        // the emitter's Uni sends on each subscription: a broker that is away is retried until it is back
        return emitter.sendMessage(Message.of(record.value() == null ? new byte[0] : record.value()).addMetadata(metadata))
                .onFailure().invoke(e -> LOG.warnf("Dead-lettering failed, retrying: %s", e.toString()))
                .onFailure().retry().withBackOff(Duration.ofMillis(500), Duration.ofSeconds(10)).indefinitely();
    }

    private static String reason(FailureKind kind, Throwable failure, int attempts) {
        return switch (kind) {
            case POISON -> failure instanceof PoisonMessageException ? message(failure)
                    : (FailureKind.refusedByDatabase(failure) ? "rejected by the database: " : "unreadable data: ") + message(failure);
            case ERROR -> "failed on each of " + attempts + (attempts == 1 ? " attempt: " : " attempts: ") + failure;
            case TRANSIENT -> message(failure);
        };
    }

    private static void add(RecordHeaders headers, String name, String value) {
        headers.add(name, value.getBytes(UTF_8));
    }

    private static String message(Throwable t) {
        return t.getMessage() != null ? t.getMessage() : t.toString();
    }
}
