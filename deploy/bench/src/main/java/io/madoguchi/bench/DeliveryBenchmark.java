package io.madoguchi.bench;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.madoguchi.infra.LocalSystem;

/**
 * Outbound e-mail, measured on the whole local system with its real SMTP server: (1) the delay from an agent's public
 * reply (the message's {@code createdAt} in ticket-service) to its delivery ({@code sentAt} on deliveries.v1, after
 * the SMTP server's 250), p50/p99 under a steady reply rate; (2) the deliveries per second the sender sustains: a
 * burst of replies is posted while ingest-service is frozen (SIGSTOP), so that on SIGCONT all are due at once and the
 * sender alone sets the pace, from the first to the last {@code sentAt}.
 *   deploy/bench/delivery.sh [replies/s] [seconds] [burst]   (defaults 20, 20, 1000)
 */
public final class DeliveryBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public static void main(String[] args) throws Exception {
        int rate = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int burst = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
        Path root = Path.of(System.getProperty("madoguchi.root", ".")).toAbsolutePath().normalize();
        Path home = Files.createDirectories(root.resolve("target/bench/delivery-" + System.currentTimeMillis()));
        String run = UUID.randomUUID().toString().substring(0, 8);
        try (LocalSystem system = new LocalSystem(root, home, LocalSystem.Ports.free(), System.getProperty("java.class.path"),
                "bench_" + run, true)) {
            system.start(Duration.ofMinutes(3));
            String token = system.tokens().mint("bench", Set.of("agent"), Duration.ofHours(1));
            Bench bench = new Bench(system, token, run);
            List<Long> tickets = bench.openTickets(20);
            System.out.printf("%d tickets of customers with an e-mail address on the local SMTP server%n", tickets.size());

            Map<Long, Instant> steady = bench.reply(tickets, rate, seconds);
            Histogram delays = bench.delays(steady, Duration.ofMinutes(2));
            System.out.printf("reply -> delivered (sentAt - createdAt) at %d replies/s for %d s: n=%d p50=%.0f ms p99=%.0f ms max=%.0f ms%n",
                    rate, seconds, delays.getTotalCount(), delays.getValueAtPercentile(50) / 1e3,
                    delays.getValueAtPercentile(99) / 1e3, delays.getMaxValue() / 1e3);

            system.service("ingest-service").pause();
            Map<Long, Instant> burstReplies;
            try {
                burstReplies = bench.reply(tickets, burst, 1);
            } finally {
                system.service("ingest-service").resume();
            }
            List<Instant> sent = bench.sentAt(burstReplies.keySet(), Duration.ofMinutes(5));
            double span = Duration.between(sent.get(0), sent.get(sent.size() - 1)).toMillis() / 1e3;
            System.out.printf("sender throughput: %d deliveries due at once, sent in %.1f s: %.0f deliveries/s%n",
                    sent.size(), span, (sent.size() - 1) / span);
        }
    }

    private static final class Bench {

        private final LocalSystem system;
        private final String token;
        private final String run;
        private final KafkaConsumer<String, String> deliveries;
        private final Map<Long, Instant> sentAt = new ConcurrentHashMap<>(); // message id -> sentAt
        private final Map<Long, Instant> published = new ConcurrentHashMap<>(); // message id -> its message-added on tickets.v1

        Bench(LocalSystem system, String token, String run) {
            this.system = system;
            this.token = token;
            this.run = run;
            Properties props = new Properties();
            props.put("bootstrap.servers", system.kafka().bootstrapServers());
            props.put("key.deserializer", StringDeserializer.class.getName());
            props.put("value.deserializer", StringDeserializer.class.getName());
            deliveries = new KafkaConsumer<>(props);
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : List.of("deliveries.v1", "tickets.v1")) {
                deliveries.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            }
            deliveries.assign(partitions);
            deliveries.seekToBeginning(partitions);
        }

        List<Long> openTickets(int count) throws Exception {
            List<String> customers = new ArrayList<>();
            for (int k = 0; k < count; k++) {
                String customer = "bench-" + run + "-" + k + "@example.jp";
                customers.add(customer);
                HttpResponse<String> accepted = send(HttpRequest.newBuilder(URI.create(system.service("ingest-service").url() + "/api/v1/inquiries"))
                        .header("Content-Type", "application/json").header("X-Api-Key", system.ingestApiKey())
                        .POST(HttpRequest.BodyPublishers.ofString("{\"channel\":\"api\",\"requester\":{\"id\":\"" + customer
                                + "\",\"email\":\"" + customer + "\"},\"subject\":\"bench\",\"body\":\"question " + k + "\"}", UTF_8)));
                if (accepted.statusCode() != 202) {
                    throw new IllegalStateException("inquiry refused: " + accepted.body());
                }
            }
            List<Long> ids = new ArrayList<>();
            for (String customer : customers) {
                long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
                while (true) {
                    JsonNode items = get(system.service("ticket-service").url() + "/api/v1/tickets?requester=" + customer).path("items");
                    if (items.size() == 1) {
                        ids.add(items.get(0).path("id").asLong());
                        break;
                    }
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("no ticket for " + customer);
                    }
                    Thread.sleep(200);
                }
            }
            return ids;
        }

        /** Posts {@code rate} public replies a second for {@code seconds}, round robin over the tickets; message id -> createdAt. */
        Map<Long, Instant> reply(List<Long> tickets, int rate, int seconds) throws Exception {
            Map<Long, Instant> created = new ConcurrentHashMap<>();
            Map<Integer, Integer> refused = new ConcurrentHashMap<>();
            ExecutorService posters = Executors.newFixedThreadPool(8);
            long start = System.nanoTime();
            for (int n = 0; n < rate * seconds; n++) {
                long due = start + (long) (n * 1e9 / rate);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                long ticket = tickets.get(n % tickets.size());
                String body = "bench " + run + " reply " + n;
                posters.submit(() -> {
                    HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(system.service("ticket-service").url()
                                    + "/api/v1/tickets/" + ticket + "/messages"))
                            .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                            .POST(HttpRequest.BodyPublishers.ofString("{\"body\":\"" + body + "\",\"visibility\":\"public\"}", UTF_8)));
                    if (response.statusCode() != 201) {
                        refused.merge(response.statusCode(), 1, Integer::sum);
                        return null;
                    }
                    JsonNode message = JSON.readTree(response.body());
                    created.put(message.path("id").asLong(), Instant.parse(message.path("createdAt").asText()));
                    return null;
                });
            }
            posters.shutdown();
            if (!posters.awaitTermination(5, TimeUnit.MINUTES)) {
                throw new IllegalStateException("posting replies did not finish");
            }
            if (!refused.isEmpty()) {
                System.out.printf("  replies refused by ticket-service, by status: %s (not measured)%n", refused);
            }
            return created;
        }

        Histogram delays(Map<Long, Instant> created, Duration timeout) {
            sentAt(created.keySet(), timeout);
            Histogram histogram = new Histogram(3);
            Histogram toTopic = new Histogram(3);
            created.forEach((message, at) -> {
                histogram.recordValue(Math.max(0, Duration.between(at, sentAt.get(message)).toNanos() / 1000));
                if (published.containsKey(message)) {
                    toTopic.recordValue(Math.max(0, Duration.between(at, published.get(message)).toNanos() / 1000));
                }
            });
            System.out.printf("  of which reply -> message-added on tickets.v1 (record time): n=%d p50=%.0f ms p99=%.0f ms%n",
                    toTopic.getTotalCount(), toTopic.getValueAtPercentile(50) / 1e3, toTopic.getValueAtPercentile(99) / 1e3);
            return histogram;
        }

        /** Waits until every message was sent; their sentAt, in order. */
        List<Instant> sentAt(Set<Long> messages, Duration timeout) {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!sentAt.keySet().containsAll(messages)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException((messages.size() - messages.stream().filter(sentAt::containsKey).count())
                            + " replies not delivered in " + timeout);
                }
                for (ConsumerRecord<String, String> record : deliveries.poll(Duration.ofMillis(500))) {
                    try {
                        JsonNode data = JSON.readTree(record.value());
                        if (record.topic().equals("tickets.v1")) {
                            if (data.path("message").hasNonNull("messageId")) {
                                published.put(data.path("message").get("messageId").asLong(), Instant.ofEpochMilli(record.timestamp()));
                            }
                        } else if (data.hasNonNull("sentAt") && data.hasNonNull("messageId")) {
                            sentAt.put(data.get("messageId").asLong(), Instant.parse(data.get("sentAt").asText()));
                        }
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }
            }
            return messages.stream().map(sentAt::get).sorted().toList();
        }

        private JsonNode get(String url) throws Exception {
            return JSON.readTree(send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)).body());
        }

        private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
            return HTTP.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        }
    }
}
