package io.madoguchi.analytics;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.time.Instant;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Writes records onto topics the way a producing service (or a hostile one) would. */
public final class Events {

    private Events() {
    }

    public static void sendCloudEvent(String topic, String key, UUID id, String type, String data) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key, data.getBytes(UTF_8));
        record.headers().add("ce_specversion", "1.0".getBytes(UTF_8));
        record.headers().add("ce_id", id.toString().getBytes(UTF_8));
        record.headers().add("ce_source", "/test".getBytes(UTF_8));
        record.headers().add("ce_type", type.getBytes(UTF_8));
        record.headers().add("ce_time", Instant.now().toString().getBytes(UTF_8));
        record.headers().add("content-type", "application/json".getBytes(UTF_8));
        send(record);
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
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, AnalyticsTestResource.bootstrapServers());
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
