package io.madoguchi.chassis.testing;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import io.madoguchi.chassis.cloudevents.CloudEventHeaders;

/** Writes records onto topics the way a producing service (or a hostile one) would. */
public final class TestProducer {

    private TestProducer() {
    }

    /** A CloudEvent in binary mode from source {@code /test}, happening now. */
    public static ProducerRecord<String, byte[]> cloudEvent(String topic, String key, UUID id, String type, String data) {
        return new ProducerRecord<>(topic, null, key, data.getBytes(UTF_8), CloudEventHeaders.of(id, "/test", type, null, Instant.now()));
    }

    public static void sendCloudEvent(String topic, String key, UUID id, String type, String data) {
        send(cloudEvent(topic, key, id, type, data));
    }

    public static void sendRaw(String topic, String key, byte[] value) {
        send(new ProducerRecord<>(topic, key, value));
    }

    /** Sends one record and waits for the broker's acknowledgement. */
    public static RecordMetadata send(ProducerRecord<String, byte[]> record) {
        try (KafkaProducer<String, byte[]> producer = producer(new Properties())) {
            return producer.send(record).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    /**
     * Sends the records, in order, to partition 0 of their topic (unless a record names its own) in one produce
     * request: the broker appends them at once, so a consumer that has caught up receives them in one poll.
     *
     * @return where each record landed, in order
     */
    public static List<RecordMetadata> sendAtOnce(List<ProducerRecord<String, byte[]>> records) {
        return sendTogether(records.stream().map(r -> r.partition() != null ? r : onPartition(r, 0)).toList());
    }

    /**
     * Sends the records with one producer that holds them back until all are sent, so that each partition's share
     * reaches the broker as one record batch, and a consumer's poll, together.
     *
     * @return where each record landed, in order
     */
    public static List<RecordMetadata> sendTogether(List<ProducerRecord<String, byte[]>> records) {
        Properties props = new Properties();
        // nothing leaves before flush(), and everything fits one producer batch
        props.put(ProducerConfig.LINGER_MS_CONFIG, "60000");
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(1 << 20));
        try (KafkaProducer<String, byte[]> producer = producer(props)) {
            producer.partitionsFor(records.get(0).topic());
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            for (ProducerRecord<String, byte[]> r : records) {
                sent.add(producer.send(r));
            }
            producer.flush();
            List<RecordMetadata> landed = new ArrayList<>();
            for (Future<RecordMetadata> f : sent) {
                landed.add(f.get());
            }
            return landed;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    /** The same record, sent to the given partition whatever its key. */
    public static ProducerRecord<String, byte[]> onPartition(ProducerRecord<String, byte[]> record, int partition) {
        return new ProducerRecord<>(record.topic(), partition, record.key(), record.value(), record.headers());
    }

    public static int partitions(String topic) {
        try (KafkaProducer<String, byte[]> producer = producer(new Properties())) {
            return producer.partitionsFor(topic).size();
        }
    }

    private static KafkaProducer<String, byte[]> producer(Properties props) {
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, ServiceTestResource.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }
}
