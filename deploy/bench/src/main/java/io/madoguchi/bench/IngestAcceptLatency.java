package io.madoguchi.bench;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Accept latency of ingest's JSON API under a steady open-loop load: requests leave at a fixed rate whether or
 * not earlier ones were answered, and each latency counts from when its request was due (so a stall is not
 * hidden by sending less). At most 256 requests are open at once, as a client with a connection pool would
 * have; a request waiting for a free slot is late, and its lateness counts. Then reads inquiries.v1 until every
 * accepted inquiry is on it and reports how long the outbox relay took to publish them.
 *
 * <p>Usage: {@code IngestAcceptLatency [rate/s] [seconds] [ingest url] [api key] [bootstrap]}
 */
public final class IngestAcceptLatency {

    private static final Pattern INQUIRY_ID = Pattern.compile("\"inquiryId\":\"([0-9a-f-]{36})\"");

    private IngestAcceptLatency() {
    }

    public static void main(String[] args) throws Exception {
        int rate = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        String url = (args.length > 2 ? args[2] : "http://127.0.0.1:8081") + "/api/v1/inquiries";
        String apiKey = args.length > 3 ? args[3] : System.getenv("KEY");
        String bootstrap = args.length > 4 ? args[4] : "127.0.0.1:9092";
        if (apiKey == null) {
            throw new IllegalArgumentException("give the API key as the fourth argument or in $KEY");
        }
        String run = UUID.randomUUID().toString().substring(0, 8);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

        warmUp(http, url, apiKey, run);
        int total = rate * seconds;
        long[] latencies = new long[total];
        Arrays.fill(latencies, -1);
        Map<String, Long> acceptedAt = new ConcurrentHashMap<>();
        AtomicInteger failures = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        Semaphore open = new Semaphore(256);
        List<CompletableFuture<?>> inFlight = new ArrayList<>(total);
        long period = 1_000_000_000L / rate;
        long start = System.nanoTime();
        long wallStart = System.currentTimeMillis();
        for (int i = 0; i < total; i++) {
            long due = start + i * period;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            int index = i;
            open.acquireUninterruptibly();
            inFlight.add(http.sendAsync(request(url, apiKey, run, i), HttpResponse.BodyHandlers.ofString())
                    .whenComplete((response, error) -> {
                        long done = System.nanoTime();
                        open.release();
                        if (error == null && response.statusCode() == 503) {
                            refused.incrementAndGet();
                            return;
                        }
                        if (error != null || response.statusCode() != 202) {
                            failures.incrementAndGet();
                            return;
                        }
                        latencies[index] = done - due;
                        Matcher id = INQUIRY_ID.matcher(response.body());
                        if (id.find()) {
                            acceptedAt.put(id.group(1), wallStart + (done - start) / 1_000_000);
                        }
                    }));
        }
        CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).exceptionally(e -> null).join();
        double elapsed = (System.nanoTime() - start) / 1e9;

        long[] ok = Arrays.stream(latencies).filter(l -> l >= 0).sorted().toArray();
        System.out.printf("offered %d req/s for %d s: %d requests, %d accepted (202), %d shed (503), %d failed otherwise; %.0f accepted/s%n",
                rate, seconds, total, ok.length, refused.get(), failures.get(), ok.length / elapsed);
        if (ok.length > 0) {
            System.out.printf("accept latency ms: p50 %.1f  p90 %.1f  p99 %.1f  max %.1f%n",
                    ms(ok, 0.50), ms(ok, 0.90), ms(ok, 0.99), ok[ok.length - 1] / 1e6);
        }
        publishLag(bootstrap, run, acceptedAt);
    }

    /** Connections and the JIT warmed before the measured run, so it measures the service, not start-up. */
    private static void warmUp(HttpClient http, String url, String apiKey, String run) {
        List<CompletableFuture<?>> warm = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            warm.add(http.sendAsync(request(url, apiKey, run + "-warm", i), HttpResponse.BodyHandlers.discarding()));
            if (i % 50 == 49) {
                CompletableFuture.allOf(warm.toArray(CompletableFuture[]::new)).join();
                warm.clear();
            }
        }
    }

    private static HttpRequest request(String url, String apiKey, String run, int i) {
        String body = "{\"channel\":\"api\",\"requester\":{\"email\":\"bench-" + run + "-" + i + "@example.jp\",\"name\":\"山田 花子\"},"
                + "\"subject\":\"請求書について " + i + "\",\"body\":\"" + "先月分の請求書がまだ届いていません。ご確認をお願いいたします。".repeat(4)
                + "\",\"conversationKey\":\"bench-accept:" + run + "/" + i + "\"}";
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").header("X-Api-Key", apiKey)
                .POST(HttpRequest.BodyPublishers.ofString(body, UTF_8)).build();
    }

    /** Reads inquiries.v1 until every accepted inquiry of the run is there (or 2 minutes pass). */
    private static void publishLag(String bootstrap, String run, Map<String, Long> acceptedAt) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor("inquiries.v1").stream()
                    .map(p -> new TopicPartition("inquiries.v1", p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<String, Integer> seen = new ConcurrentHashMap<>();
            List<Long> lags = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (System.nanoTime() < deadline && seen.size() < acceptedAt.size()) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.key() == null || !record.key().startsWith("bench-accept:" + run + "/")) {
                        continue;
                    }
                    Matcher id = INQUIRY_ID.matcher(record.value());
                    if (id.find() && seen.merge(id.group(1), 1, Integer::sum) == 1 && acceptedAt.containsKey(id.group(1))) {
                        lags.add(Math.max(0, record.timestamp() - acceptedAt.get(id.group(1))));
                    }
                }
            }
            long duplicates = seen.values().stream().filter(n -> n > 1).count();
            System.out.printf("on inquiries.v1: %d of %d accepted inquiries, %d more than once%n", seen.size(), acceptedAt.size(), duplicates);
            long[] sorted = lags.stream().mapToLong(Long::longValue).sorted().toArray();
            if (sorted.length > 0) {
                System.out.printf("accept-to-publish lag ms: p50 %d  p99 %d  max %d%n",
                        sorted[(int) (sorted.length * 0.5)], sorted[Math.min(sorted.length - 1, (int) (sorted.length * 0.99))], sorted[sorted.length - 1]);
            }
        }
    }

    private static double ms(long[] sorted, double quantile) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(sorted.length * quantile) - 1)] / 1e6;
    }
}
