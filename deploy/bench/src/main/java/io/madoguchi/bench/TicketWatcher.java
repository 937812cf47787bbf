package io.madoguchi.bench;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads tickets.v1 from its end as the benchmark starts. Each {@code created} or {@code message-added} event names
 * the inquiry it came from; the event's own times give the accept→ticket-created latency (from the inquiry's
 * {@code inquiryReceivedAt}, stamped by ingest when it accepted, to the message's {@code createdAt}, stamped by
 * ticket-service in the transaction that stored it). An inquiry named by two different event ids became two
 * messages: a duplicate. The same event id twice is the outbox re-sending after a crash, which consumers ignore.
 */
final class TicketWatcher implements Runnable, AutoCloseable {

    private static final String CREATED = "io.madoguchi.ticket.created.v1";
    private static final String MESSAGE_ADDED = "io.madoguchi.ticket.message-added.v1";

    private final KafkaConsumer<String, String> consumer;
    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, String> eventOfInquiry = new HashMap<>();
    private final Recorder latencyMicros = new Recorder(3);
    private final Recorder intervalMicros = new Recorder(3);
    private final AtomicLong messages = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final Thread thread = new Thread(this, "ticket-watcher");
    private volatile boolean running = true;
    private volatile Instant firstCreatedAt;
    private volatile Instant lastCreatedAt;

    TicketWatcher(String bootstrap) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000");
        consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor("tickets.v1").stream()
                .map(p -> new TopicPartition("tickets.v1", p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void run() {
        while (running) {
            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                String type = header(record, "ce_type");
                if (CREATED.equals(type) || MESSAGE_ADDED.equals(type)) {
                    observe(header(record, "ce_id"), record.value());
                }
            }
        }
        consumer.close();
    }

    private void observe(String eventId, String value) {
        try {
            JsonNode data = json.readTree(value);
            String inquiryId = data.at("/message/inquiryId").asText(null);
            if (inquiryId == null) {
                return;
            }
            String earlier = eventOfInquiry.putIfAbsent(inquiryId, eventId);
            if (earlier != null) {
                if (!earlier.equals(eventId)) {
                    duplicates.incrementAndGet();
                }
                return;
            }
            messages.incrementAndGet();
            Instant created = Instant.parse(data.at("/message/createdAt").asText());
            Instant received = Instant.parse(data.path("inquiryReceivedAt").asText());
            long micros = Math.max(0, Duration.between(received, created).toNanos() / 1000);
            latencyMicros.recordValue(micros);
            intervalMicros.recordValue(micros);
            if (firstCreatedAt == null) {
                firstCreatedAt = created;
            }
            lastCreatedAt = created;
        } catch (Exception e) {
            System.err.println("unreadable ticket event " + eventId + ": " + e);
        }
    }

    /** Distinct inquiries that became a ticket message so far. */
    long messages() {
        return messages.get();
    }

    long duplicates() {
        return duplicates.get();
    }

    /** Everything recorded since the last call: one phase's latencies. */
    Histogram phaseLatency() {
        return latencyMicros.getIntervalHistogram();
    }

    /** Everything recorded since the last call: one sample's latencies, for the plot over time. */
    Histogram intervalLatency() {
        return intervalMicros.getIntervalHistogram();
    }

    /** Forgets the first and last creation times, so that {@link #creationSpan()} covers one phase. */
    void resetSpan() {
        firstCreatedAt = null;
        lastCreatedAt = null;
    }

    /** Seconds from the first to the last ticket message created since {@link #resetSpan()}. */
    double creationSpan() {
        Instant first = firstCreatedAt;
        Instant last = lastCreatedAt;
        return first == null || last == null ? 0 : Duration.between(first, last).toNanos() / 1e9;
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), UTF_8);
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(5000);
    }
}
