package io.madoguchi.bench;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.madoguchi.infra.DevTokens;
import io.madoguchi.infra.KafkaBroker;
import io.madoguchi.infra.PostgresServer;
import io.madoguchi.infra.ServiceProcess;

/**
 * How long analytics-service takes to answer a year-range statistics overview over N archived tickets: starts the
 * packaged service against a fresh database, fills it with a year of synthetic tickets (their summaries, flows and
 * SLA measurements, as the consumers would have written them), and times the overview by day, week and month.
 */
public final class AnalyticsYearQuery {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public static void main(String[] args) throws Exception {
        int tickets = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        Path root = Path.of(System.getProperty("madoguchi.root", ".")).toAbsolutePath();
        try (PostgresServer postgres = PostgresServer.forTests(); KafkaBroker kafka = KafkaBroker.forTests()) {
            kafka.createTopics(3);
            String database = postgres.createFreshDatabase("analytics_bench");
            DevTokens tokens = DevTokens.generate();
            try (ServiceProcess service = ServiceForBench.of("analytics-service", root, postgres, database, kafka, tokens, Map.of(),
                    "analytics-year-query.log").start()) {
                service.awaitReady(Duration.ofMinutes(2));
                long seeding = System.nanoTime();
                seed(postgres, database, tickets);
                System.out.printf("seeded %,d tickets over 2025 in %.1f s%n", tickets, (System.nanoTime() - seeding) / 1e9);
                String token = tokens.mint("bench", Set.of("agent"), Duration.ofHours(1));
                String year = "from=" + enc("2025-01-01T00:00:00+09:00") + "&to=" + enc("2026-01-01T00:00:00+09:00") + "&zone=Asia/Tokyo";
                time(service.url(), token, "year by day", year + "&granularity=day");
                time(service.url(), token, "year by week", year + "&granularity=week");
                time(service.url(), token, "year by month", year + "&granularity=month");
                time(service.url(), token, "year by day, one queue", year + "&granularity=day&queue=q3");
            } finally {
                postgres.dropDatabase(database);
            }
        }
    }

    /** One row per ticket and the facts the consumers keep, spread evenly over 2025 (Tokyo time). */
    private static void seed(PostgresServer postgres, String database, int n) throws Exception {
        try (Connection c = postgres.connect(database); Statement s = c.createStatement()) {
            s.execute("""
                    INSERT INTO ticket_summary (ticket_id, channel, queue, assignee, status, created_at, first_reply_at, solved_at,
                        agent_replies, reopens, macro_applied, rating, rated_at, messages)
                    SELECT i, (ARRAY['email','chat','slack','line','form','api'])[1 + i %% 6], 'q' || (i %% 7), 'agent' || (i %% 25),
                        CASE WHEN i %% 10 = 0 THEN 'open' ELSE 'solved' END, t,
                        t + interval '1 hour' * (1 + i %% 9),
                        CASE WHEN i %% 10 = 0 THEN NULL ELSE t + interval '1 hour' * (2 + i %% 50) END,
                        1 + i %% 3, CASE WHEN i %% 17 = 0 THEN 1 ELSE 0 END, i %% 4 = 0,
                        CASE WHEN i %% 3 = 0 THEN CASE WHEN i %% 5 = 0 THEN 'bad' ELSE 'good' END END,
                        CASE WHEN i %% 3 = 0 THEN t + interval '3 days' END, 3
                    FROM (SELECT i, timestamptz '2025-01-01 00:00+09' + interval '1 second' * (i * 31536000.0 / %d) AS t
                          FROM generate_series(1, %d) i) g""".formatted(n, n));
            s.execute("INSERT INTO ticket_flow SELECT gen_random_uuid(), ticket_id, 'solved', solved_at FROM ticket_summary WHERE solved_at IS NOT NULL");
            s.execute("""
                    INSERT INTO sla_measure SELECT gen_random_uuid(), ticket_id, 'first-reply', first_reply_at,
                        extract(epoch FROM first_reply_at - created_at)::bigint, extract(epoch FROM first_reply_at - created_at)::bigint / 3,
                        extract(epoch FROM first_reply_at - created_at)::bigint, extract(epoch FROM first_reply_at - created_at)::bigint / 3,
                        ticket_id % 20 = 0 FROM ticket_summary""");
            s.execute("""
                    INSERT INTO sla_measure SELECT gen_random_uuid(), ticket_id, 'resolution', solved_at,
                        extract(epoch FROM solved_at - created_at)::bigint, extract(epoch FROM solved_at - created_at)::bigint / 3,
                        extract(epoch FROM solved_at - created_at)::bigint / 2, extract(epoch FROM solved_at - created_at)::bigint / 6,
                        false FROM ticket_summary WHERE solved_at IS NOT NULL""");
            s.execute("INSERT INTO sla_breach SELECT gen_random_uuid(), ticket_id, 'first-reply', created_at + interval '4 hours'"
                    + " FROM ticket_summary WHERE ticket_id % 20 = 0");
            s.execute("ANALYZE");
        }
    }

    private static void time(String url, String token, String what, String query) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url + "/api/v1/stats/overview?" + query))
                .header("Authorization", "Bearer " + token).timeout(Duration.ofMinutes(2)).build();
        List<Double> millis = new ArrayList<>();
        int created = -1;
        for (int run = 0; run < 6; run++) {
            long start = System.nanoTime();
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            double elapsed = (System.nanoTime() - start) / 1e6;
            if (response.statusCode() != 200) {
                throw new IllegalStateException(what + ": HTTP " + response.statusCode() + " " + response.body());
            }
            if (run > 0) {
                millis.add(elapsed);
            }
            String totals = response.body().substring(response.body().indexOf("\"totals\":"));
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"created\":(\\d+)").matcher(totals);
            created = m.find() ? Integer.parseInt(m.group(1)) : -1;
        }
        Collections.sort(millis);
        System.out.printf("%-24s %,7d tickets created in range: median %.0f ms, min %.0f ms, max %.0f ms (5 runs after a warm-up)%n",
                what, created, millis.get(millis.size() / 2), millis.get(0), millis.get(millis.size() - 1));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
