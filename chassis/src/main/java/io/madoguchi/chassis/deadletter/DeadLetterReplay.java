package io.madoguchi.chassis.deadletter;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.madoguchi.chassis.cloudevents.CloudEventHeaders;
import io.madoguchi.chassis.consumer.DeadLetters;
import io.madoguchi.chassis.rest.ProblemException;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Puts dead letters back on the topic they came from, as they were first published (key, value, the event's own
 * headers; the {@code dead-letter-*} ones dropped, and {@code ce_sequence}, since a replay comes out of its producer's
 * order) plus {@value #REPLAYED_FROM}. The consumers are idempotent by {@code ce_id}, so an event replayed twice, or
 * replayed while another consumer group had processed it, is applied once: a letter without a {@code ce_id} is
 * therefore not replayed. Each replay is written to the audit log.
 * Blocking: call it from a worker thread.
 */
@ApplicationScoped
public class DeadLetterReplay {

    public static final String REPLAYED_FROM = "madoguchi-replayed-from";

    private static final Logger AUDIT = Logger.getLogger("madoguchi.audit");

    /** What became of one dead letter. */
    public record Outcome(int partition, long offset, String eventId, boolean replayed, String detail) {
    }

    private final Map<String, Object> kafka;
    private final String service;
    private final MeterRegistry registry;

    public DeadLetterReplay(@Identifier("default-kafka-broker") Map<String, Object> kafka,
            @ConfigProperty(name = "quarkus.application.name") String service, MeterRegistry registry) {
        this.kafka = kafka;
        this.service = service;
        this.registry = registry;
    }

    /** Publishes each letter of {@code topic}'s queue to {@code topic}, waiting until the broker has each one. */
    public List<Outcome> replay(String topic, List<DeadLetterQueues.Letter> letters, String by) {
        List<Outcome> outcomes = new ArrayList<>();
        List<Future<RecordMetadata>> sends = new ArrayList<>();
        List<DeadLetterQueues.Letter> sent = new ArrayList<>();
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            for (DeadLetterQueues.Letter letter : letters) {
                DeadLetter view = letter.view();
                String from = DeadLetterQueues.header(letter.record(), DeadLetters.TOPIC);
                if (!topic.equals(from)) {
                    outcomes.add(new Outcome(view.partition(), view.offset(), view.eventId(), false, "dead-lettered from " + from + ", not " + topic));
                } else if (view.eventId() == null) {
                    outcomes.add(new Outcome(view.partition(), view.offset(), null, false, "no ce_id: a consumer could not tell a replay from a new event"));
                } else {
                    sends.add(producer.send(new ProducerRecord<>(topic, null, letter.record().key(), letter.record().value(), headers(letter))));
                    sent.add(letter);
                }
            }
            producer.flush();
            for (int i = 0; i < sends.size(); i++) {
                DeadLetter view = sent.get(i).view();
                outcomes.add(new Outcome(view.partition(), view.offset(), view.eventId(), true, sent(sends.get(i))));
            }
        } catch (KafkaException e) {
            throw new ProblemException(503, "Replay incomplete", "The broker did not take the replayed records (" + e.getMessage()
                    + "); replaying again is safe, consumers apply an event once");
        }
        long replayed = outcomes.stream().filter(Outcome::replayed).count();
        registry.counter("madoguchi.dead.letters.replayed", "topic", topic).increment(replayed);
        AUDIT.infof("%s replayed %d dead letter(s) of %s.dlq to %s: %s", by, replayed, topic, topic,
                outcomes.stream().map(o -> o.partition() + "@" + o.offset() + (o.replayed() ? "=" + o.eventId() : " skipped")).toList());
        return outcomes;
    }

    private static String sent(Future<RecordMetadata> send) {
        try {
            RecordMetadata metadata = send.get(30, TimeUnit.SECONDS);
            return "published to " + metadata.topic() + "-" + metadata.partition() + "@" + metadata.offset();
        } catch (ExecutionException | TimeoutException e) {
            throw new ProblemException(503, "Replay incomplete", "The broker did not take a replayed record (" + e.getMessage()
                    + "); replaying again is safe, consumers apply an event once");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProblemException(503, "Replay incomplete", "Interrupted while replaying; replaying again is safe");
        }
    }

    private static RecordHeaders headers(DeadLetterQueues.Letter letter) {
        RecordHeaders headers = new RecordHeaders();
        for (Header header : letter.record().headers()) {
            if (!header.key().startsWith("dead-letter-") && !header.key().equals(CloudEventHeaders.SEQUENCE)) {
                headers.add(header);
            }
        }
        headers.add(REPLAYED_FROM, (letter.record().topic() + "-" + letter.view().partition() + "@" + letter.view().offset()).getBytes(UTF_8));
        return headers;
    }

    private KafkaProducer<byte[], byte[]> producer() {
        Map<String, Object> config = new HashMap<>(kafka);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, service + "-dead-letter-replay");
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
    }
}
