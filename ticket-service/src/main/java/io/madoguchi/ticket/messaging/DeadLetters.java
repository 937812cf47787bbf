package io.madoguchi.ticket.messaging;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.time.Duration;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Writes a poison record to {@code <topic>.dlq} as it was (key, value, headers) plus the reason, in the
 * same {@code dead-letter-*} headers SmallRye's own dead-letter strategy uses. The batch consumers need
 * it because a failed batch would otherwise dead-letter every record in it.
 */
@ApplicationScoped
public class DeadLetters {

    private static final Logger LOG = Logger.getLogger(DeadLetters.class);

    private final MutinyEmitter<byte[]> emitter;
    private final MeterRegistry registry;

    public DeadLetters(@Channel("dead-letters") @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 1024)
            MutinyEmitter<byte[]> emitter, MeterRegistry registry) {
        this.emitter = emitter;
        this.registry = registry;
    }

    /** Completes once the broker has the dead letter, so the batch may then be acknowledged. */
    public Uni<Void> send(ConsumerRecord<String, byte[]> record, String reason) {
        LOG.warnf("Dead-lettering %s-%d@%d: %s", record.topic(), record.partition(), record.offset(), reason);
        registry.counter("madoguchi.consumer.dead.letters", "topic", record.topic()).increment();
        RecordHeaders headers = new RecordHeaders();
        for (Header header : record.headers()) {
            headers.add(header);
        }
        headers.add("dead-letter-reason", reason.getBytes(UTF_8));
        headers.add("dead-letter-cause", PoisonMessageException.class.getName().getBytes(UTF_8));
        headers.add("dead-letter-topic", record.topic().getBytes(UTF_8));
        headers.add("dead-letter-partition", Integer.toString(record.partition()).getBytes(UTF_8));
        headers.add("dead-letter-offset", Long.toString(record.offset()).getBytes(UTF_8));
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
}
