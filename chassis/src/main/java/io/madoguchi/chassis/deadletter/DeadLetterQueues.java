package io.madoguchi.chassis.deadletter;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.madoguchi.chassis.cloudevents.CloudEventHeaders;
import io.madoguchi.chassis.consumer.DeadLetters;
import io.madoguchi.chassis.rest.ProblemException;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Reads {@code <topic>.dlq} with a consumer of its own (assigned partitions, no group, nothing committed), so that
 * looking at dead letters never moves any consumer group. Blocking: call it from a worker thread.
 */
@ApplicationScoped
public class DeadLetterQueues {

    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private final Map<String, Object> kafka;
    private final String service;

    public DeadLetterQueues(@Identifier("default-kafka-broker") Map<String, Object> kafka,
            @ConfigProperty(name = "quarkus.application.name") String service) {
        this.kafka = kafka;
        this.service = service;
    }

    /** A record of the queue with the event it holds. */
    public record Letter(DeadLetter view, ConsumerRecord<byte[], byte[]> record) {
    }

    /** @return up to {@code limit} dead letters of {@code topic} written at or after {@code since} (all when null), oldest first */
    public List<Letter> since(String topic, Instant since, int limit) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = partitions(consumer, topic + ".dlq");
            if (partitions.isEmpty()) {
                return List.of();
            }
            consumer.assign(partitions);
            if (since == null) {
                consumer.seekToBeginning(partitions);
            } else {
                Map<TopicPartition, Long> times = new HashMap<>();
                partitions.forEach(p -> times.put(p, since.toEpochMilli()));
                Map<TopicPartition, OffsetAndTimestamp> offsets = consumer.offsetsForTimes(times);
                Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
                partitions.forEach(p -> consumer.seek(p, Optional.ofNullable(offsets.get(p)).map(OffsetAndTimestamp::offset).orElse(ends.get(p))));
            }
            List<Letter> letters = read(consumer, partitions, limit);
            return letters.stream().sorted(Comparator.comparing((Letter l) -> l.view().deadLetteredAt())
                    .thenComparingInt(l -> l.view().partition()).thenComparingLong(l -> l.view().offset())).limit(limit).toList();
        } catch (KafkaException e) {
            throw unavailable();
        }
    }

    private static boolean inTime(long deadline) {
        return System.nanoTime() - deadline < 0;
    }

    private static ProblemException unavailable() {
        return new ProblemException(503, "Broker unavailable", "The dead letters could not be read from the broker within "
                + PATIENCE.toSeconds() + " s; try again");
    }

    /** @return the dead letter at that place of {@code <topic>.dlq}, if there is one */
    public Optional<Letter> at(String topic, int partition, long offset) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            TopicPartition place = new TopicPartition(topic + ".dlq", partition);
            if (!partitions(consumer, place.topic()).contains(place) || offset < 0) {
                return Optional.empty();
            }
            consumer.assign(List.of(place));
            if (offset < consumer.beginningOffsets(List.of(place)).get(place) || offset >= consumer.endOffsets(List.of(place)).get(place)) {
                return Optional.empty();
            }
            consumer.seek(place, offset);
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (inTime(deadline)) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                    if (record.offset() >= offset) {
                        return record.offset() == offset ? Optional.of(letter(record)) : Optional.empty();
                    }
                }
                if (consumer.position(place) > offset) {
                    return Optional.empty(); // a compacted or transaction-marker offset
                }
            }
            throw unavailable();
        } catch (KafkaException e) {
            throw unavailable();
        }
    }

    /** Reads each partition to its end or to {@code limit} records, whichever comes first: the oldest of each. */
    private List<Letter> read(KafkaConsumer<byte[], byte[]> consumer, List<TopicPartition> partitions, int limit) {
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
        Map<TopicPartition, Integer> taken = new HashMap<>();
        List<TopicPartition> open = new ArrayList<>(partitions.stream().filter(p -> consumer.position(p) < ends.get(p)).toList());
        List<Letter> letters = new ArrayList<>();
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!open.isEmpty()) {
            if (!inTime(deadline)) {
                throw unavailable();
            }
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                TopicPartition p = new TopicPartition(record.topic(), record.partition());
                if (record.offset() < ends.get(p) && taken.getOrDefault(p, 0) < limit) {
                    letters.add(letter(record));
                    taken.merge(p, 1, Integer::sum);
                }
            }
            open.removeIf(p -> consumer.position(p) >= ends.get(p) || taken.getOrDefault(p, 0) >= limit);
            consumer.pause(partitions.stream().filter(p -> !open.contains(p)).toList());
        }
        return letters;
    }

    private static List<TopicPartition> partitions(KafkaConsumer<byte[], byte[]> consumer, String topic) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(10));
        return infos == null ? List.of() : infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
    }

    private KafkaConsumer<byte[], byte[]> consumer() {
        Map<String, Object> config = new HashMap<>(kafka);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, service + "-dead-letter-reader");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private static Letter letter(ConsumerRecord<byte[], byte[]> record) {
        DeadLetter view = new DeadLetter(record.partition(), record.offset(), Instant.ofEpochMilli(record.timestamp()),
                record.key() == null ? null : new String(record.key(), UTF_8), header(record, CloudEventHeaders.ID),
                header(record, CloudEventHeaders.TYPE), header(record, DeadLetters.KIND), header(record, DeadLetters.REASON),
                header(record, DeadLetters.EXCEPTION_CLASS_NAME), number(header(record, DeadLetters.ATTEMPTS)),
                number(header(record, DeadLetters.PARTITION)), Optional.ofNullable(header(record, DeadLetters.OFFSET)).map(DeadLetterQueues::longOrNull).orElse(null));
        return new Letter(view, record);
    }

    static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), UTF_8);
    }

    private static Integer number(String text) {
        Long value = text == null ? null : longOrNull(text);
        return value == null ? null : value.intValue();
    }

    private static Long longOrNull(String text) {
        try {
            return Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
