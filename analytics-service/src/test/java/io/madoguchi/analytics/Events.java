package io.madoguchi.analytics;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.time.Instant;
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

/** Writes records onto topics the way a producing service (or a hostile one) would. */
public final class Events {

    private Events() {
    }

    public static void sendCloudEvent(String topic, String key, UUID id, String type, String data) {
        send(cloudEvent(topic, key, id, type, data));
    }

    public static ProducerRecord<String, byte[]> cloudEvent(String topic, String key, UUID id, String type, String data) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key, data.getBytes(UTF_8));
        record.headers().add("ce_specversion", "1.0".getBytes(UTF_8));
        record.headers().add("ce_id", id.toString().getBytes(UTF_8));
        record.headers().add("ce_source", "/test".getBytes(UTF_8));
        record.headers().add("ce_type", type.getBytes(UTF_8));
        record.headers().add("ce_time", Instant.now().toString().getBytes(UTF_8));
        record.headers().add("content-type", "application/json".getBytes(UTF_8));
        return record;
    }

    /**
     * Sends the records with one producer that holds them back until all are sent, so that each partition's share
     * reaches the broker as one record batch, and a consumer's poll, together.
     */
    public static void sendTogether(List<ProducerRecord<String, byte[]>> records) {
        Properties props = producerProperties();
        props.put(ProducerConfig.LINGER_MS_CONFIG, "60000");
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(1024 * 1024));
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            List<Future<RecordMetadata>> sent = records.stream().map(producer::send).toList();
            producer.flush();
            for (Future<RecordMetadata> f : sent) {
                f.get();
            }
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
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerProperties(), new StringSerializer(),
                new ByteArraySerializer())) {
            return producer.partitionsFor(topic).size();
        }
    }

    public static void sendRaw(String topic, String key, byte[] value) {
        send(new ProducerRecord<>(topic, key, value));
    }

    public static String ticketCreated(long ticketId, String channel, String createdAt) {
        return """
                {"ticketId":%d,"conversationKey":"k-%d","status":"new","priority":"normal",
                 "channel":"%s","subject":"s","createdAt":"%s"}
                """.formatted(ticketId, ticketId, channel, createdAt);
    }

    private static void send(ProducerRecord<String, byte[]> record) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerProperties(), new StringSerializer(),
                new ByteArraySerializer())) {
            producer.send(record).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    private static Properties producerProperties() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, AnalyticsTestResource.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        return props;
    }
}
