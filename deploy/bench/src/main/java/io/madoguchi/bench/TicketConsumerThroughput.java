package io.madoguchi.bench;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * How fast ticket-service turns inquiries into tickets: writes N inquiry events straight to
 * inquiries.v1 (as an internal system would), then reads tickets.v1 until a ticket event names every
 * one of them. Prints inquiries per second from the first write to the last ticket event.
 *
 * <p>Usage: {@code TicketConsumerThroughput [count] [bootstrap] [followUpShare]}
 */
public final class TicketConsumerThroughput {

    private TicketConsumerThroughput() {
    }

    public static void main(String[] args) {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        String bootstrap = args.length > 1 ? args[1] : "127.0.0.1:9092";
        double followUps = args.length > 2 ? Double.parseDouble(args[2]) : 0.2;
        String run = UUID.randomUUID().toString().substring(0, 8);

        List<TopicPartition> partitions;
        KafkaConsumer<String, String> consumer = consumer(bootstrap);
        partitions = consumer.partitionsFor("tickets.v1").stream().map(p -> new TopicPartition("tickets.v1", p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);

        long start = System.nanoTime();
        Set<String> pending = new HashSet<>();
        try (KafkaProducer<String, String> producer = producer(bootstrap)) {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            for (int i = 0; i < count; i++) {
                String inquiryId = UUID.randomUUID().toString();
                int conversation = random.nextDouble() < followUps && i > 0 ? random.nextInt(i) : i;
                String key = "bench:" + run + "/" + conversation;
                String body = (i % 2 == 0 ? "請求書が届きません。確認をお願いします。" : "I cannot find my invoice, please help.").repeat(8);
                String data = "{\"inquiryId\":\"" + inquiryId + "\",\"receivedAt\":\"" + Instant.now() + "\",\"channel\":\"api\","
                        + "\"conversationKey\":\"" + key + "\",\"requester\":{\"channelUserId\":\"bench-" + run + "-" + conversation
                        + "\"},\"subject\":\"bench " + i + "\",\"body\":\"" + body + "\"}";
                ProducerRecord<String, String> record = new ProducerRecord<>("inquiries.v1", key, data);
                header(record, "ce_specversion", "1.0");
                header(record, "ce_id", UUID.randomUUID().toString());
                header(record, "ce_source", "/bench");
                header(record, "ce_type", "io.madoguchi.inquiry.received.v1");
                header(record, "ce_time", Instant.now().toString());
                header(record, "content-type", "application/json");
                producer.send(record);
                pending.add(inquiryId);
            }
            producer.flush();
        }
        double produced = (System.nanoTime() - start) / 1e9;
        System.out.printf("produced %d inquiries in %.2f s%n", count, produced);

        long lastProgress = System.nanoTime();
        while (!pending.isEmpty() && System.nanoTime() - lastProgress < Duration.ofSeconds(60).toNanos()) {
            for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                int at = r.value().indexOf("\"inquiryId\":\"");
                if (at >= 0 && pending.remove(r.value().substring(at + 13, at + 49))) {
                    lastProgress = System.nanoTime();
                }
            }
        }
        double seconds = (lastProgress - start) / 1e9;
        consumer.close();
        if (!pending.isEmpty()) {
            System.out.printf("INCOMPLETE: %d of %d inquiries never became ticket events%n", pending.size(), count);
            System.exit(1);
        }
        System.out.printf("%d inquiries turned into ticket events in %.2f s: %.0f inquiries/s%n", count, seconds, count / seconds);
    }

    private static void header(ProducerRecord<String, String> record, String name, String value) {
        record.headers().add(name, value.getBytes(UTF_8));
    }

    private static KafkaProducer<String, String> producer(String bootstrap) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, "65536");
        return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }

    private static KafkaConsumer<String, String> consumer(String bootstrap) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000");
        return new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
    }
}
