package io.madoguchi.bench;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import io.madoguchi.infra.DevTokens;
import io.madoguchi.infra.KafkaBroker;
import io.madoguchi.infra.PostgresServer;
import io.madoguchi.infra.ServiceProcess;

/**
 * How long analytics-service takes to mine FAQ candidates over N solved tickets: starts the packaged service against
 * a fresh database, fills it with N solved tickets of generated Japanese and English questions on 24 topics (with
 * agents' answers and a requester name each), and times the candidates request: the first (mined), the same again
 * (reused: nothing changed), a drill-down into a candidate, and the request after a help article changed (mined again).
 */
public final class KnowledgeBaseMining {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Instant FROM = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration SPAN = Duration.ofDays(80);

    public static void main(String[] args) throws Exception {
        int tickets = args.length > 0 ? Integer.parseInt(args[0]) : 5_000;
        Path root = Path.of(System.getProperty("madoguchi.root", ".")).toAbsolutePath();
        try (PostgresServer postgres = PostgresServer.forTests(); KafkaBroker kafka = KafkaBroker.forTests()) {
            kafka.createTopics(3);
            String database = postgres.createFreshDatabase("analytics_kb_bench");
            DevTokens tokens = DevTokens.generate();
            try (ServiceProcess service = ServiceForBench.of("analytics-service", root, postgres, database, kafka, tokens,
                    Map.of("MADOGUCHI_KB_MAX_TICKETS", Integer.toString(tickets)), "knowledge-base-mining.log").start()) {
                service.awaitReady(Duration.ofMinutes(2));
                long seeding = System.nanoTime();
                seed(postgres, database, tickets);
                System.out.printf("seeded %,d solved tickets in %.1f s%n", tickets, (System.nanoTime() - seeding) / 1e9);
                String agent = "Bearer " + tokens.mint("bench", Set.of("agent"), Duration.ofHours(2));
                String admin = "Bearer " + tokens.mint("bench", Set.of("admin"), Duration.ofHours(2));
                String range = "from=" + enc(FROM.toString()) + "&to=" + enc(FROM.plus(SPAN).toString());
                String candidates = service.url() + "/api/v1/kb/candidates?" + range;

                List<Double> mined = new ArrayList<>();
                List<Double> reused = new ArrayList<>();
                List<Double> drillDown = new ArrayList<>();
                String body = "";
                for (int round = 0; round < 3; round++) {
                    // a changed article: the first answer after it is mined afresh
                    send(HttpRequest.newBuilder(URI.create(service.url() + "/api/v1/kb/articles/bench-" + round))
                            .header("Content-Type", "application/json").header("Authorization", admin)
                            .PUT(HttpRequest.BodyPublishers.ofString("{\"title\":\"Bench article " + round + "\",\"body\":\"Nothing any"
                                    + " customer asks about " + round + "\",\"url\":\"https://help.example.com/bench\"}")));
                    long start = System.nanoTime();
                    body = get(candidates, agent);
                    mined.add((System.nanoTime() - start) / 1e6);
                    for (int i = 0; i < 5; i++) {
                        start = System.nanoTime();
                        get(candidates, agent);
                        reused.add((System.nanoTime() - start) / 1e6);
                    }
                    java.util.regex.Matcher id = java.util.regex.Pattern.compile("\"id\":(\\d+),\"label\"").matcher(body);
                    if (id.find()) {
                        start = System.nanoTime();
                        get(service.url() + "/api/v1/kb/candidates/" + id.group(1) + "/tickets?" + range + "&limit=200", agent);
                        drillDown.add((System.nanoTime() - start) / 1e6);
                    }
                }
                java.util.regex.Matcher mined1 = java.util.regex.Pattern.compile("\"ticketsMined\":(\\d+)").matcher(body);
                long candidateCount = java.util.regex.Pattern.compile("\"label\":").matcher(body).results().count();
                System.out.printf("%,d tickets mined (%s in the answer), %d candidates%n", tickets, mined1.find() ? mined1.group(1) : "?",
                        candidateCount);
                report("mined (first request, or after an article changed)", mined);
                report("reused (nothing changed)", reused);
                report("drill-down into the top candidate (200 tickets)", drillDown);
            } finally {
                postgres.dropDatabase(database);
            }
        }
    }

    /** N solved tickets, spread over the range, each a generated question on one of the topics and its answer. */
    private static void seed(PostgresServer postgres, String database, int n) throws Exception {
        Random random = new Random(42);
        try (Connection c = postgres.connect(database)) {
            c.setAutoCommit(false);
            try (PreparedStatement insert = c.prepareStatement("""
                    INSERT INTO ticket_summary (ticket_id, channel, queue, status, created_at, first_reply_at, solved_at, messages,
                        subject, question, requester_name, answer, macro)
                    VALUES (?, 'email', 'support', 'solved', ?, ?, ?, 2, ?, ?, ?, ?, ?)""")) {
                for (int i = 1; i <= n; i++) {
                    GeneratedQuestions.Question q = GeneratedQuestions.next(random);
                    Instant created = FROM.plusSeconds((long) (SPAN.toSeconds() * (i - 0.5) / n));
                    insert.setLong(1, i);
                    insert.setTimestamp(2, Timestamp.from(created));
                    insert.setTimestamp(3, Timestamp.from(created.plusSeconds(1800)));
                    insert.setTimestamp(4, Timestamp.from(created.plusSeconds(3600)));
                    insert.setString(5, q.subject());
                    insert.setString(6, q.text());
                    insert.setString(7, q.requester());
                    insert.setString(8, q.answer());
                    insert.setString(9, q.macro());
                    insert.addBatch();
                    if (i % 1000 == 0) {
                        insert.executeBatch();
                    }
                }
                insert.executeBatch();
            }
            c.commit();
            try (Statement s = c.createStatement()) {
                s.execute("ANALYZE ticket_summary");
            }
        }
    }

    private static String get(String url, String authorization) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", authorization).GET());
    }

    private static String send(HttpRequest.Builder request) throws Exception {
        HttpResponse<String> response = HTTP.send(request.timeout(Duration.ofMinutes(10)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException(response.uri() + ": HTTP " + response.statusCode() + " " + response.body());
        }
        return response.body();
    }

    private static void report(String what, List<Double> millis) {
        if (millis.isEmpty()) {
            System.out.printf("%-52s no sample%n", what);
            return;
        }
        List<Double> sorted = new ArrayList<>(millis);
        Collections.sort(sorted);
        System.out.printf("%-52s median %,.0f ms, min %,.0f ms, max %,.0f ms (%d requests)%n", what, sorted.get(sorted.size() / 2),
                sorted.get(0), sorted.get(sorted.size() - 1), sorted.size());
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
