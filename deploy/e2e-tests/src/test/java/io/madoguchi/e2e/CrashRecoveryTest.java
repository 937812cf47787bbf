package io.madoguchi.e2e;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.madoguchi.infra.LocalSystem;
import io.madoguchi.infra.ServiceProcess;

/**
 * The bounded crash suite: under a steady stream of inquiries through the public API and of agents' public replies to
 * customers who wrote by e-mail, each service is killed with SIGKILL at some moment and restarted, then the broker
 * and the mail server are, PostgreSQL is cut off, ticket-service frozen and ingest-service parted from the broker;
 * readiness goes DOWN while a dependency is away and UP after. Afterwards every acknowledged
 * inquiry is exactly one ticket message, analytics counted every ticket once, and every acknowledged reply was mailed
 * (under one Message-ID, at most once more than once per fault that can cut a send short) or is failed with a reason,
 * none left pending.
 */
class CrashRecoveryTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static LocalSystem system;
    private static LinePushStandIn line;

    @BeforeAll
    static void startSystem() throws IOException {
        Path root = Path.of(System.getProperty("madoguchi.root", "../..")).toAbsolutePath().normalize();
        Path home = Files.createDirectories(Path.of("target", "e2e-home", "crash-" + UUID.randomUUID().toString().substring(0, 8)))
                .toAbsolutePath();
        system = new LocalSystem(root, home, LocalSystem.Ports.free(), System.getProperty("java.class.path"),
                "crash_" + UUID.randomUUID().toString().substring(0, 8), true).withDatabaseProxy()
                .withKafkaPartitionFor("ingest-service").withShortLivedServices();
        // every ticket's first-reply target runs out after 5 s, so SLA timers fire while services are killed;
        // a consumer frozen for longer than 10 s is out of its group
        line = new LinePushStandIn();
        system.environment("MADOGUCHI_LINE_CHANNEL_ACCESS_TOKEN", LinePushStandIn.TOKEN)
                .environment("MADOGUCHI_LINE_API_URL", line.url())
                .environment("MADOGUCHI_DELIVERY_ALLOWED_PRIVATE_HOSTS", "127.0.0.1")
                .environment("MADOGUCHI_SLA_PRIORITIES_NORMAL_FIRST_REPLY", "PT5S")
                // a delivery whose sender was killed mid-send is taken up again after 15 s, not the default 2 min
                .environment("MADOGUCHI_DELIVERY_LEASE", "PT15S")
                .environment("MADOGUCHI_DELIVERY_FIRST_BACKOFF", "PT1S")
                .environment("MADOGUCHI_DELIVERY_MAX_BACKOFF", "PT10S")
                .environment("MADOGUCHI_SLA_PRIORITIES_NORMAL_BUSINESS_HOURS", "false")
                .environment("KAFKA_SESSION_TIMEOUT_MS", "10000");
        system.start(Duration.ofMinutes(2));
    }

    @AfterAll
    static void stopSystem() {
        if (system != null) {
            system.close();
        }
        if (line != null) {
            line.close();
        }
    }

    @Test
    void everyAcknowledgedInquiryIsOneTicketMessageAfterEachServiceIsKilled() throws Exception {
        long ticketsBefore = getJson(system.service("analytics-service").url() + "/api/v1/stats/summary").path("ticketsCreated").asLong();
        // each request's body names it; the client retries a 5xx or no answer with the same Idempotency-Key, as the API
        // asks, and the outcome is accepted (202), refused (a 4xx: nothing stored) or unknown (still a 5xx or no answer
        // after its retries: the service died around it, or the commit's answer was lost; it may have been stored)
        Map<String, String> accepted = new ConcurrentHashMap<>(); // body -> inquiry id
        Set<String> refused = ConcurrentHashMap.newKeySet();
        Set<String> unknown = ConcurrentHashMap.newKeySet();
        AtomicInteger retried = new AtomicInteger();
        AtomicBoolean loading = new AtomicBoolean(true);
        String run = UUID.randomUUID().toString().substring(0, 8);
        Thread load = new Thread(() -> {
            int i = 0;
            while (loading.get()) {
                // a third of the inquiries follow up an earlier conversation
                String key = "api:crash-" + run + "/" + (i % 3 == 2 ? i - 1 : i);
                String body = "crash " + run + " inquiry " + i;
                String json = "{\"channel\":\"api\",\"requester\":{\"id\":\"" + key + "\"},\"body\":\"" + body
                        + "\",\"conversationKey\":\"" + key + "\"}";
                for (int attempt = 1; ; attempt++) {
                    try {
                        HttpResponse<String> response = submit(json, "crash-" + run + "-" + i);
                        if (response.statusCode() == 202) {
                            accepted.put(body, JSON.readTree(response.body()).path("inquiryId").asText());
                            break;
                        }
                        if (response.statusCode() < 500) {
                            refused.add(body);
                            break;
                        }
                    } catch (IOException e) {
                        // no answer: as a 5xx, it may have been stored
                    } catch (InterruptedException e) {
                        return;
                    }
                    if (attempt == 5 || !loading.get()) {
                        unknown.add(body);
                        break;
                    }
                    retried.incrementAndGet();
                    sleep(1000);
                }
                i++;
                sleep(40);
            }
        }, "load");
        load.start();

        // customers who wrote by e-mail address, and agents answering them all along: body -> ticket
        List<Long> mailTickets = openMailTickets(run, 10);
        List<Long> lineTickets = openLineTickets(run, 5);
        Map<String, Long> replies = new ConcurrentHashMap<>();
        Map<String, Long> lineReplies = new ConcurrentHashMap<>();
        Set<String> repliesUnknown = ConcurrentHashMap.newKeySet();
        Thread answering = new Thread(() -> {
            int n = 0;
            while (loading.get()) {
                // every third reply goes to a customer who wrote on LINE
                boolean onLine = n % 3 == 2;
                long ticket = onLine ? lineTickets.get(n % lineTickets.size()) : mailTickets.get(n % mailTickets.size());
                String body = "crash " + run + " reply " + n + " end";
                try {
                    int status = postPublicReply(ticket, body);
                    if (status == 201) {
                        (onLine ? lineReplies : replies).put(body, ticket);
                    } else if (status >= 500) {
                        // the commit's answer may be what was lost: it may have been stored
                        repliesUnknown.add(body);
                    }
                } catch (IOException e) {
                    repliesUnknown.add(body);
                } catch (InterruptedException e) {
                    return;
                }
                n++;
                sleep(150);
            }
        }, "replies");
        answering.start();

        List<String> faults = new ArrayList<>();
        // one round in ./mvnw verify; the longer run repeats it: -Dmadoguchi.crash.rounds=5 (docs/reliability.md)
        int rounds = Integer.getInteger("madoguchi.crash.rounds", 1);
        for (int round = 1; round <= rounds; round++) {
            for (String name : List.of("ticket-service", "ingest-service", "escalation-service", "analytics-service")) {
                sleep(3000);
                ServiceProcess victim = system.service(name);
                victim.kill();
                faults.add("SIGKILL " + name);
                sleep(1500);
                system.startService(name).awaitReady(Duration.ofMinutes(2));
            }
            // the mail server: SIGKILL while replies are being sent, back after 5 s with the mail it had accepted
            sleep(2000);
            system.mail().kill();
            faults.add("SIGKILL mail server");
            sleep(5000);
            // it reads every mail it kept before it listens: thousands of them after a few rounds of the long mode
            system.mail().start(Duration.ofMinutes(2));
            // the broker: SIGKILL, then back on the same data; readiness must say so meanwhile
            sleep(3000);
            system.kafka().kill();
            faults.add("SIGKILL kafka");
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> system.service("ticket-service").readinessStatus() == 503);
            system.kafka().start(Duration.ofMinutes(1));
            for (String name : LocalSystem.SERVICES) {
                Awaitility.await().atMost(Duration.ofMinutes(2)).until(() -> system.service(name).readinessStatus() == 200);
            }
            // PostgreSQL unreachable for 30 s: readiness goes DOWN, nothing acknowledged is lost
            sleep(3000);
            system.cutDatabase();
            faults.add("PostgreSQL unreachable 30 s");
            long cut = System.nanoTime();
            Awaitility.await().atMost(Duration.ofSeconds(25)).until(() -> system.service("ticket-service").readinessStatus() == 503
                    && system.service("ingest-service").readinessStatus() == 503);
            sleep(Math.max(0, 30_000 - (System.nanoTime() - cut) / 1_000_000));
            system.restoreDatabase();
            for (String name : LocalSystem.SERVICES) {
                Awaitility.await().atMost(Duration.ofMinutes(2)).until(() -> system.service(name).readinessStatus() == 200);
            }
            // a consumer frozen past its session timeout: its partitions are taken from it, and it comes back
            sleep(3000);
            ServiceProcess frozen = system.service("ticket-service");
            frozen.pause();
            faults.add("SIGSTOP ticket-service 15 s");
            sleep(15_000);
            frozen.resume();
            Awaitility.await().atMost(Duration.ofMinutes(1)).until(() -> frozen.readinessStatus() == 200);
            // a network partition between ingest-service and the broker, past its consumer session timeout, while
            // the other services and the broker go on: ingest says it is not ready, and publishes what it took after
            sleep(3000);
            system.partitionFromKafka();
            faults.add("ingest-service parted from Kafka 20 s");
            long parted = System.nanoTime();
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> system.service("ingest-service").readinessStatus() == 503);
            sleep(Math.max(0, 20_000 - (System.nanoTime() - parted) / 1_000_000));
            system.healKafkaPartition();
            Awaitility.await().atMost(Duration.ofMinutes(1)).until(() -> system.service("ingest-service").readinessStatus() == 200);
        }
        sleep(3000);
        loading.set(false);
        load.join();
        answering.join();
        assertTrue(accepted.size() > 50, "the load kept going: " + accepted.size() + " accepted");
        assertTrue(replies.size() > 50, "the agents kept answering: " + replies.size() + " replies accepted");

        // recovery: every acknowledged inquiry becomes exactly one message of one ticket
        Map<String, List<String>> seen = new HashMap<>(); // body -> inquiry ids of the messages carrying it
        Set<Long> tickets = new HashSet<>();
        long recoveryStart = System.nanoTime();
        awaitCatchUp(run, accepted, seen, tickets);
        double recovery = (System.nanoTime() - recoveryStart) / 1e9;
        accepted.forEach((body, id) -> assertEquals(List.of(id), seen.get(body), "acknowledged " + body + " as " + id));
        seen.forEach((body, ids) -> {
            assertEquals(1, ids.size(), body + " became " + ids.size() + " messages");
            assertTrue(accepted.containsKey(body) || unknown.contains(body),
                    body + " is a message although its request was refused with a 4xx");
        });
        long storedWithoutAnswer = unknown.stream().filter(seen::containsKey).count();
        Awaitility.await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> assertEquals(ticketsBefore + tickets.size() + mailTickets.size() + lineTickets.size(),
                getJson(system.service("analytics-service").url() + "/api/v1/stats/summary").path("ticketsCreated").asLong(),
                "analytics counts each ticket once"));
        assertEachTicketRoutedOnceAndBreachedAtMostOnce(tickets);
        long sendingFaults = faults.stream().filter(f -> f.contains("ingest-service") || f.contains("mail server")).count();
        assertEveryReplyMailedOrFailedNonePending(mailTickets, replies, repliesUnknown, sendingFaults);
        assertEveryLineReplyPushedOncePerRetryKey(lineTickets, lineReplies, repliesUnknown);
        assertDeadLetterTopicsEmpty();
        System.out.printf("crash suite: faults=%s accepted=%d (retries after a 5xx or no answer: %d) refused=%d unknown=%d"
                + " (stored anyway: %d) lost=0 duplicated=0 tickets=%d catch-up=%.1fs%n", faults, accepted.size(), retried.get(),
                refused.size(), unknown.size(), storedWithoutAnswer,
                tickets.size(), recovery);
    }

    /** Opens {@code count} tickets of customers who gave an e-mail address on the local mail server; their ids. */
    private static List<Long> openMailTickets(String run, int count) throws Exception {
        List<String> customers = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            String customer = "crash-" + run + "-" + k + "@example.jp";
            customers.add(customer);
            String body = "{\"channel\":\"api\",\"requester\":{\"id\":\"mail:" + customer + "\",\"email\":\"" + customer
                    + "\"},\"subject\":\"crash " + run + "\",\"body\":\"crash " + run + " question " + k + "\"}";
            // a client that got no answer retries under its Idempotency-Key, as the API's contract tells it to
            String idempotencyKey = "crash-" + run + "-mail-" + k;
            assertEquals(202, untilAnswered(() -> HTTP.send(HttpRequest.newBuilder(
                            URI.create(system.service("ingest-service").url() + "/api/v1/inquiries"))
                    .timeout(Duration.ofSeconds(5)).header("Content-Type", "application/json")
                    .header("X-Api-Key", system.ingestApiKey()).header("Idempotency-Key", idempotencyKey)
                    .POST(HttpRequest.BodyPublishers.ofString(body, UTF_8)).build(), HttpResponse.BodyHandlers.ofString())).statusCode());
        }
        List<Long> ids = new ArrayList<>();
        for (String customer : customers) {
            ids.add(Awaitility.await().atMost(Duration.ofMinutes(1)).until(() -> {
                JsonNode items = getJson(system.service("ticket-service").url() + "/api/v1/tickets?requester=" + customer).path("items");
                return items.size() == 1 ? items.get(0).path("id").asLong() : null;
            }, java.util.Objects::nonNull));
        }
        return ids;
    }

    /** @return ticket-service's status: 201 stored, a 4xx refused, a 5xx maybe stored */
    private static int postPublicReply(long ticket, String body) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                        URI.create(system.service("ticket-service").url() + "/api/v1/tickets/" + ticket + "/messages"))
                .timeout(Duration.ofSeconds(5))
                .header("Content-Type", "application/json").header("Authorization", bearer())
                .POST(HttpRequest.BodyPublishers.ofString("{\"body\":\"" + body + "\",\"visibility\":\"public\"}", UTF_8)).build(),
                HttpResponse.BodyHandlers.ofString());
        return response.statusCode();
    }

    /**
     * Every public reply of the mail tickets ends sent or failed (none pending or stranded); every acknowledged reply
     * that was sent is in its customer's mailbox under one Message-ID. SMTP has no idempotency key: a send cut short
     * after the server kept the mail (ingest killed before it recorded the 250, the mail server killed after it
     * stored the mail but before it answered) is sent again under the same Message-ID, so extra copies are bounded by
     * those faults, one mail in flight each (the sender sends one at a time).
     */
    private static void assertEveryReplyMailedOrFailedNonePending(List<Long> mailTickets, Map<String, Long> replies,
            Set<String> repliesUnknown, long sendingFaults) {
        Map<String, JsonNode> deliveries = new HashMap<>(); // reply body -> its delivery on the ticket
        long start = System.nanoTime();
        Awaitility.await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(2)).until(() -> {
            deliveries.clear();
            for (long ticket : mailTickets) {
                JsonNode view = getJson(system.service("ticket-service").url() + "/api/v1/tickets/" + ticket);
                for (JsonNode message : view.path("messages")) {
                    if ("agent".equals(message.path("authorType").asText())) {
                        deliveries.put(message.path("body").asText(), message.path("delivery"));
                    }
                }
            }
            return deliveries.keySet().containsAll(replies.keySet()) && deliveries.values().stream()
                    .allMatch(d -> d.path("status").asText().equals("sent") || d.path("status").asText().equals("failed"));
        });
        double settled = (System.nanoTime() - start) / 1e9;
        deliveries.keySet().forEach(body -> assertTrue(replies.containsKey(body) || repliesUnknown.contains(body),
                body + " is a reply although its request was refused"));
        Map<String, Set<String>> messageIds = new HashMap<>(); // reply body -> Message-IDs it was mailed under
        Map<String, Integer> copies = new HashMap<>();
        for (long ticket : mailTickets) {
            for (Path mail : system.mail().delivered(customerOf(ticket))) {
                String text = read(mail);
                String messageId = header(text, "Message-ID");
                for (String body : deliveries.keySet()) {
                    if (text.contains(body)) {
                        messageIds.computeIfAbsent(body, b -> new HashSet<>()).add(messageId);
                        copies.merge(body, 1, Integer::sum);
                    }
                }
            }
        }
        int failed = 0;
        for (Map.Entry<String, JsonNode> delivery : deliveries.entrySet()) {
            String body = delivery.getKey();
            if ("failed".equals(delivery.getValue().path("status").asText())) {
                failed++;
                assertTrue(!delivery.getValue().path("reason").asText().isBlank(), body + " failed without a reason");
                continue;
            }
            assertEquals(1, messageIds.getOrDefault(body, Set.of()).size(), body + " was mailed under " + messageIds.get(body));
            assertEquals(delivery.getValue().path("reference").asText(), messageIds.get(body).iterator().next(),
                    body + ": the mail is the delivery the ticket shows");
        }
        int extra = copies.values().stream().mapToInt(c -> c - 1).sum();
        assertTrue(extra <= sendingFaults, extra + " extra copies for " + sendingFaults + " faults that can cut a send short");
        System.out.printf("deliveries: %d replies acknowledged (%d more without an answer), %d mailed, %d failed, %d extra copies"
                + " (same Message-ID), none pending; settled %.1fs after the inquiries' catch-up%n", replies.size(), repliesUnknown.size(),
                deliveries.size() - failed, failed, extra, settled);
    }

    private static String customerOf(long ticket) {
        try {
            return getJson(system.service("ticket-service").url() + "/api/v1/tickets/" + ticket).at("/requester/email").asText();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A header's value in a raw message (the first occurrence, unfolded). */
    private static String header(String message, String name) {
        for (String line : message.split("\r?\n")) {
            if (line.isEmpty()) {
                break;
            }
            if (line.regionMatches(true, 0, name + ":", 0, name.length() + 1)) {
                return line.substring(name.length() + 1).strip();
            }
        }
        return null;
    }

    /** Opens {@code count} tickets of customers who wrote on LINE (signed webhooks, as LINE sends them); their ids. */
    private static List<Long> openLineTickets(String run, int count) throws Exception {
        List<String> users = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            String user = "ucrash" + run + k; // lower case: the ticket API's requester filter compares lower-cased ids
            users.add(user);
            int attempt = k;
            AtomicBoolean redelivery = new AtomicBoolean(false);
            // LINE redelivers a webhook event it got no answer for, flagged as a redelivery under the same event id
            HttpResponse<String> accepted = untilAnswered(() -> {
                String body = "{\"destination\":\"Ubot\",\"events\":[{\"type\":\"message\",\"message\":{\"type\":\"text\",\"id\":\""
                        + run + attempt + "\",\"text\":\"crash " + run + " line question " + attempt + "\"},\"webhookEventId\":\"01CRASH" + run
                        + attempt + "\",\"deliveryContext\":{\"isRedelivery\":" + redelivery.getAndSet(true) + "},\"timestamp\":1692251666727,"
                        + "\"source\":{\"type\":\"user\",\"userId\":\"" + user + "\"},\"replyToken\":\"r" + attempt + "\",\"mode\":\"active\"}]}";
                javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
                mac.init(new javax.crypto.spec.SecretKeySpec(system.webhookSecret().getBytes(UTF_8), "HmacSHA256"));
                return HTTP.send(HttpRequest.newBuilder(URI.create(system.service("ingest-service").url() + "/webhooks/line"))
                        .timeout(Duration.ofSeconds(5)).header("Content-Type", "application/json")
                        .header("X-Line-Signature", java.util.Base64.getEncoder().encodeToString(mac.doFinal(body.getBytes(UTF_8))))
                        .POST(HttpRequest.BodyPublishers.ofString(body, UTF_8)).build(), HttpResponse.BodyHandlers.ofString());
            });
            assertEquals(200, accepted.statusCode(), accepted.body());
        }
        List<Long> ids = new ArrayList<>();
        for (String user : users) {
            ids.add(Awaitility.await().atMost(Duration.ofMinutes(1)).until(() -> {
                JsonNode items = getJson(system.service("ticket-service").url() + "/api/v1/tickets?requester=" + user).path("items");
                return items.size() == 1 ? items.get(0).path("id").asLong() : null;
            }, java.util.Objects::nonNull));
        }
        return ids;
    }

    /**
     * Every public reply of the LINE tickets ends sent or failed with a reason, none pending; each sent one was accepted
     * by the LINE stand-in exactly once, under its delivery id as retry key (a retry after a lost answer is refused
     * with 409, as LINE does, and counts as sent).
     */
    private static void assertEveryLineReplyPushedOncePerRetryKey(List<Long> lineTickets, Map<String, Long> lineReplies,
            Set<String> repliesUnknown) {
        Map<String, JsonNode> deliveries = new HashMap<>();
        Awaitility.await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(2)).until(() -> {
            deliveries.clear();
            for (long ticket : lineTickets) {
                for (JsonNode message : getJson(system.service("ticket-service").url() + "/api/v1/tickets/" + ticket).path("messages")) {
                    if ("agent".equals(message.path("authorType").asText())) {
                        deliveries.put(message.path("body").asText(), message.path("delivery"));
                    }
                }
            }
            return deliveries.keySet().containsAll(lineReplies.keySet()) && deliveries.values().stream()
                    .allMatch(d -> d.path("status").asText().equals("sent") || d.path("status").asText().equals("failed"));
        });
        int failed = 0;
        for (Map.Entry<String, JsonNode> delivery : deliveries.entrySet()) {
            assertTrue(lineReplies.containsKey(delivery.getKey()) || repliesUnknown.contains(delivery.getKey()), delivery.getKey());
            if ("failed".equals(delivery.getValue().path("status").asText())) {
                failed++;
                assertTrue(!delivery.getValue().path("reason").asText().isBlank(), delivery.getKey() + " failed without a reason");
                continue;
            }
            String key = delivery.getValue().path("deliveryId").asText();
            assertEquals(List.of(delivery.getKey()), line.accepted(key), "the push under retry key " + key);
        }
        long pushesOfThisRun = line.acceptedTexts().stream().filter(t -> deliveries.containsKey(t)).count();
        assertEquals(deliveries.size() - failed, pushesOfThisRun, "one accepted push per reply sent, none under a second key");
        System.out.printf("LINE: %d replies acknowledged, %d pushed (each retry key accepted once; %d retries answered 409), %d failed,"
                + " none pending%n", lineReplies.size(), deliveries.size() - failed, line.conflicts(), failed);
    }

    /**
     * A stand-in for LINE's push API (a real HTTP server in the test's JVM, so that what it accepted survives ingest's
     * restarts): the first push under a retry key is accepted, a repeat is answered 409 as LINE does.
     */
    static final class LinePushStandIn implements AutoCloseable {

        static final String TOKEN = "crash-line-channel-access-token";
        private final com.sun.net.httpserver.HttpServer server;
        private final Map<String, List<String>> accepted = new ConcurrentHashMap<>(); // retry key -> texts
        private final java.util.concurrent.atomic.AtomicInteger conflicts = new java.util.concurrent.atomic.AtomicInteger();

        LinePushStandIn() throws IOException {
            server = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/v2/bot/message/push", exchange -> {
                byte[] body = exchange.getRequestBody().readAllBytes();
                String key = exchange.getRequestHeaders().getFirst("X-Line-Retry-Key");
                int status;
                if (!("Bearer " + TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization")) || key == null) {
                    status = 401;
                } else if (accepted.putIfAbsent(key, texts(body)) != null) {
                    conflicts.incrementAndGet();
                    exchange.getResponseHeaders().add("x-line-accepted-request-id", "accepted-" + key);
                    status = 409;
                } else {
                    exchange.getResponseHeaders().add("x-line-request-id", "request-" + key);
                    status = 200;
                }
                byte[] answer = (status == 200 ? "{\"sentMessages\":[]}" : "{\"message\":\"status " + status + "\"}").getBytes(UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(status, answer.length);
                exchange.getResponseBody().write(answer);
                exchange.close();
            });
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        List<String> accepted(String key) {
            return accepted.getOrDefault(key, List.of());
        }

        List<String> acceptedTexts() {
            return accepted.values().stream().flatMap(List::stream).toList();
        }

        int conflicts() {
            return conflicts.get();
        }

        private static List<String> texts(byte[] body) {
            try {
                List<String> texts = new ArrayList<>();
                JSON.readTree(body).path("messages").forEach(m -> texts.add(m.path("text").asText()));
                return texts;
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    /** Pages through the ticket API and collects, per message body, the inquiry ids of the messages. */
    /**
     * Waits until every acknowledged inquiry is a message, for as long as the backlog the faults left keeps shrinking:
     * a long run's catch-up may take minutes, but two minutes without one more inquiry arriving is a loss, and the
     * failure names what is missing.
     */
    private static void awaitCatchUp(String run, Map<String, String> accepted, Map<String, List<String>> seen, Set<Long> tickets)
            throws Exception {
        Duration stall = Duration.ofMinutes(2);
        long lastProgress = System.nanoTime();
        int arrived = -1;
        while (true) {
            seen.clear();
            tickets.clear();
            collectMessages(run, seen, tickets);
            List<String> missing = accepted.keySet().stream().filter(body -> !seen.containsKey(body)).sorted().toList();
            if (missing.isEmpty()) {
                return;
            }
            int now = accepted.size() - missing.size();
            if (now > arrived) {
                arrived = now;
                lastProgress = System.nanoTime();
            } else if (System.nanoTime() - lastProgress > stall.toNanos()) {
                throw new AssertionError(missing.size() + " of " + accepted.size() + " acknowledged inquiries are no message after "
                        + stall.toSeconds() + " s without progress, e.g. " + missing.stream().limit(10)
                                .map(body -> body + " (inquiry " + accepted.get(body) + ")").toList());
            }
            sleep(2000);
        }
    }

    private static void collectMessages(String run, Map<String, List<String>> seen, Set<Long> tickets) throws Exception {
        String cursor = null;
        do {
            JsonNode page = getJson(system.service("ticket-service").url() + "/api/v1/tickets?limit=100&channel=api"
                    + (cursor == null ? "" : "&cursor=" + cursor));
            for (JsonNode summary : page.path("items")) {
                if (!summary.path("requester").path("id").asText().startsWith("api:crash-" + run)) {
                    continue;
                }
                tickets.add(summary.path("id").asLong());
                JsonNode ticket = getJson(system.service("ticket-service").url() + "/api/v1/tickets/" + summary.path("id").asLong());
                for (JsonNode message : ticket.path("messages")) {
                    seen.computeIfAbsent(message.path("body").asText(), b -> new ArrayList<>()).add(message.path("inquiryId").asText());
                }
            }
            cursor = page.path("nextCursor").isNull() ? null : page.path("nextCursor").asText(null);
        } while (cursor != null);
    }

    /**
     * Sends a request until it is answered, as a sender that redelivers what got no answer does: a timeout or a 5xx
     * (a service still warming up on a busy machine can take longer than a sender waits) is retried, up to a minute.
     */
    private static HttpResponse<String> untilAnswered(Callable<HttpResponse<String>> send) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (true) {
            try {
                HttpResponse<String> response = send.call();
                if (response.statusCode() < 500 || System.nanoTime() > deadline) {
                    return response;
                }
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
            }
            sleep(250);
        }
    }

    private static HttpResponse<String> submit(String body, String idempotencyKey) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(system.service("ingest-service").url() + "/api/v1/inquiries"))
                .timeout(Duration.ofSeconds(5))
                .header("Content-Type", "application/json").header("X-Api-Key", system.ingestApiKey())
                .header("Idempotency-Key", idempotencyKey)
                .POST(HttpRequest.BodyPublishers.ofString(body, UTF_8)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A fresh token for each request: the long mode runs longer than any one token lives. */
    private static String bearer() {
        return "Bearer " + system.tokens().mint("crash-test", Set.of("agent"), Duration.ofMinutes(5));
    }

    private static JsonNode getJson(String url) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("Authorization", bearer()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), url + " -> " + response.body());
        return JSON.readTree(response.body());
    }

    /**
     * escalation-service routed every ticket exactly once, and no SLA timer fired twice for a clock run. The outbox
     * publishes at least once, so a record may repeat after a crash; what counts is distinct events (ce_id), which
     * consumers process once.
     */
    private static void assertEachTicketRoutedOnceAndBreachedAtMostOnce(Set<Long> tickets) {
        Map<Long, Set<String>> routed = new HashMap<>();
        Map<Long, Set<String>> breached = new HashMap<>();
        int[] records = new int[1];
        Awaitility.await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofSeconds(2)).until(() -> {
            routed.clear();
            breached.clear();
            records[0] = 0;
            for (var record : readAll("escalations.v1")) {
                long ticket = Long.parseLong(record.key());
                String type = new String(record.headers().lastHeader("ce_type").value(), UTF_8);
                String id = new String(record.headers().lastHeader("ce_id").value(), UTF_8);
                if (type.endsWith(".routed.v1")) {
                    routed.computeIfAbsent(ticket, k -> new HashSet<>()).add(id);
                    records[0]++;
                } else if (type.endsWith(".sla-breached.v1") && record.value().contains("\"first-reply\"")) {
                    breached.computeIfAbsent(ticket, k -> new HashSet<>()).add(id);
                }
            }
            return routed.keySet().containsAll(tickets);
        });
        tickets.forEach(t -> assertEquals(1, routed.get(t).size(), "ticket " + t + " routed once"));
        tickets.forEach(t -> assertTrue(breached.getOrDefault(t, Set.of()).size() <= 1,
                "ticket " + t + "'s first-reply breach fired " + breached.get(t) + " times"));
        assertTrue(tickets.stream().filter(breached::containsKey).count() > tickets.size() / 2,
                "the 5 s first-reply targets breached during the faults: " + breached.size() + " of " + tickets.size());
        System.out.printf("escalations: %d tickets routed once each (%d routed records: %d re-sent after crashes), %d first-reply breaches,"
                + " none twice%n", tickets.size(), records[0], records[0] - routed.values().stream().mapToInt(Set::size).sum(), breached.size());
    }

    /** Nothing was dead-lettered: no record of the run was poison. */
    private static void assertDeadLetterTopicsEmpty() {
        for (String topic : List.of("inquiries.v1.dlq", "tickets.v1.dlq", "escalations.v1.dlq", "deliveries.v1.dlq")) {
            assertEquals(List.of(), readAll(topic).stream().map(r -> r.value()).toList(), topic + " is empty");
        }
    }

    private static List<org.apache.kafka.clients.consumer.ConsumerRecord<String, String>> readAll(String topic) {
        java.util.Properties props = new java.util.Properties();
        props.put("bootstrap.servers", system.kafka().bootstrapServers());
        props.put("key.deserializer", org.apache.kafka.common.serialization.StringDeserializer.class.getName());
        props.put("value.deserializer", org.apache.kafka.common.serialization.StringDeserializer.class.getName());
        List<org.apache.kafka.clients.consumer.ConsumerRecord<String, String>> records = new ArrayList<>();
        try (var consumer = new org.apache.kafka.clients.consumer.KafkaConsumer<String, String>(props)) {
            var partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(p -> new org.apache.kafka.common.TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            var end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(records::add);
            }
        }
        return records;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
