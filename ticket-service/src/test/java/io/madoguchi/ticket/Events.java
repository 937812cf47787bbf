package io.madoguchi.ticket;

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
     * Sends the records, in order, to partition 0 of their topic in one produce request: the broker appends them at
     * once, so a consumer that has caught up receives them in one poll.
     */
    public static void sendAtOnce(List<ProducerRecord<String, byte[]>> records) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TicketTestResource.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        // nothing leaves before flush(), and everything fits one producer batch
        props.put(ProducerConfig.LINGER_MS_CONFIG, "10000");
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(1 << 20));
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            producer.partitionsFor(records.get(0).topic());
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            for (ProducerRecord<String, byte[]> r : records) {
                sent.add(producer.send(new ProducerRecord<>(r.topic(), 0, r.key(), r.value(), r.headers())));
            }
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

    public static void sendRaw(String topic, String key, byte[] value) {
        send(new ProducerRecord<>(topic, key, value));
    }

    public static String inquiry(UUID inquiryId, String conversationKey, String subject, String body) {
        return """
                {"inquiryId":"%s","receivedAt":"%s","channel":"email","conversationKey":"%s",
                 "requester":{"channelUserId":"taro@example.jp","email":"taro@example.jp","displayName":"Taro"},
                 "subject":"%s","body":"%s","someFutureField":{"ignored":true}}
                """.formatted(inquiryId, Instant.now(), conversationKey, subject, body);
    }

    private static void send(ProducerRecord<String, byte[]> record) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TicketTestResource.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            producer.send(record).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }
}
