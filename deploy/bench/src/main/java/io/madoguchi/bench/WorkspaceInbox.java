package io.madoguchi.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.chrome.ChromeDriver;

import io.madoguchi.chassis.testing.Browser;
import io.madoguchi.infra.DevTokens;
import io.madoguchi.infra.KafkaBroker;
import io.madoguchi.infra.PostgresServer;
import io.madoguchi.infra.ServiceProcess;

/**
 * The agent workspace over N tickets: starts the packaged ticket-service alone on a fresh database, fills it with N
 * synthetic tickets (a tenth new and unassigned, a tenth assigned to the benchmark's agent, SLA due times on the open
 * ones, the rest solved or closed; two messages each), then times what the workspace asks for (the views' counts,
 * the first page of each kind of view, a search, a ticket with its conversation) and the page's load in headless
 * Chromium until the first page of tickets is drawn.
 */
public final class WorkspaceInbox {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** The agent the local sign-in signs in, whose "mine" view the page opens on. */
    private static final String AGENT = "local-agent";

    public static void main(String[] args) throws Exception {
        int tickets = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        Path root = Path.of(System.getProperty("madoguchi.root", ".")).toAbsolutePath();
        try (PostgresServer postgres = PostgresServer.forTests(); KafkaBroker kafka = KafkaBroker.forTests()) {
            kafka.createTopics(3);
            String database = postgres.createFreshDatabase("ticket_bench");
            DevTokens tokens = DevTokens.generate();
            try (ServiceProcess service = ticketService(root, postgres, database, kafka, tokens).start()) {
                service.awaitReady(Duration.ofMinutes(2));
                long seeding = System.nanoTime();
                seed(postgres, database, tickets);
                System.out.printf("seeded %,d tickets and %,d messages in %.1f s%n", tickets, 2L * tickets, (System.nanoTime() - seeding) / 1e9);
                String token = tokens.mint(AGENT, Set.of("agent"), Duration.ofHours(1));
                String base = service.url() + "/api/v1/tickets";
                time(token, "views' counts", base + "/views");
                time(token, "mine, first page", base + "?assignee=" + AGENT + "&status=new,open&limit=25");
                time(token, "unassigned, first page", base + "?unassigned=true&status=new,open&limit=25");
                time(token, "SLA due / breached, first page", base + "?slaDue=true&limit=25");
                time(token, "queue q3, first page", base + "?queue=q3&status=new,open,pending,on-hold&limit=25");
                time(token, "pending, first page", base + "?status=pending&limit=25");
                time(token, "search 'invoice 4242'", base + "?q=" + "invoice%204242" + "&limit=25");
                time(token, "a ticket with its conversation", base + "/" + (tickets / 2));
                pageLoad(service.url());
            } finally {
                postgres.dropDatabase(database);
            }
        }
    }

    /** Signed-in pages too: the page is loaded by a person signed in with the launcher's local sign-in. */
    private static ServiceProcess ticketService(Path root, PostgresServer postgres, String database, KafkaBroker kafka, DevTokens tokens)
            throws Exception {
        return ServiceForBench.of("ticket-service", root, postgres, database, kafka, tokens,
                Map.of("QUARKUS_PROFILE", "prod,local", "MADOGUCHI_SIGN_IN_LOCAL", "true"), "workspace-inbox.log");
    }

    /** Tickets spread over a year; statuses, queues, priorities, assignees and due times in fixed proportions. */
    private static void seed(PostgresServer postgres, String database, int n) throws Exception {
        try (Connection c = postgres.connect(database); Statement s = c.createStatement()) {
            s.execute("""
                    INSERT INTO ticket (id, conversation_key, status, priority, channel, subject, requester_id, requester_email,
                        requester_name, queue, assignee, tags, reopens, created_at, updated_at, solved_at, version, sla_due_at, sla_metric)
                    SELECT i, 'bench:' || i,
                        (ARRAY['new','open','open','pending','on-hold','solved','closed','closed','closed','closed'])[1 + i %% 10],
                        (ARRAY['low','normal','normal','high','urgent'])[1 + i %% 5],
                        (ARRAY['email','chat','slack','line','form','api'])[1 + i %% 6],
                        CASE WHEN i %% 2 = 0 THEN '請求書が届きません ' || i ELSE 'Question about invoice ' || i END,
                        'user-' || (i %% 20000), 'customer' || (i %% 20000) || '@example.jp', 'Customer ' || (i %% 20000),
                        'q' || (i %% 7),
                        CASE WHEN i %% 10 = 0 THEN NULL WHEN i %% 10 = 1 THEN '%s' ELSE 'agent' || (i %% 25) END,
                        CASE WHEN i %% 97 = 0 THEN ARRAY['sla-breached','billing'] ELSE ARRAY['billing'] END, 0,
                        t, t + interval '1 hour', CASE WHEN i %% 10 >= 5 THEN t + interval '2 hours' END, 1,
                        CASE WHEN i %% 10 IN (0, 1, 2) THEN now() + interval '1 minute' * (i %% 600) - interval '2 hours' END,
                        CASE WHEN i %% 10 IN (0, 1, 2) THEN 'first-reply' END
                    FROM (SELECT i, now() - interval '1 second' * ((%d - i) * 315.0) AS t FROM generate_series(1, %d) i) g"""
                    .formatted(AGENT, n, n));
            s.execute("""
                    INSERT INTO ticket_message (id, ticket_id, author_type, author_id, visibility, channel, body, created_at)
                    SELECT t.id * 2 + m, t.id, CASE WHEN m = 0 THEN 'requester' ELSE 'agent' END,
                        CASE WHEN m = 0 THEN t.requester_email ELSE 'agent' || (t.id %% 25) END, 'public', t.channel,
                        CASE WHEN m = 0 THEN 'Hello, the invoice for last month has not arrived. Order ' || t.id
                             ELSE 'We have sent the invoice again. お手数をおかけしました。' END,
                        t.created_at + interval '30 minutes' * m
                    FROM ticket t, generate_series(0, 1) m""".formatted());
            s.execute("SELECT setval('ticket_seq', " + (n + 1000) + ")");
            s.execute("SELECT setval('ticket_message_seq', " + (2L * n + 1000) + ")");
            s.execute("ANALYZE");
        }
    }

    /** 20 requests after 3 of warm-up: p50 and p95 as the client saw them on loopback (the server's time and the hop). */
    private static void time(String token, String what, String url) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                .header("Accept", "application/json").timeout(Duration.ofMinutes(1)).build();
        List<Double> millis = new ArrayList<>();
        int bytes = 0;
        for (int run = 0; run < 23; run++) {
            long start = System.nanoTime();
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            double elapsed = (System.nanoTime() - start) / 1e6;
            if (response.statusCode() != 200) {
                throw new IllegalStateException(what + ": HTTP " + response.statusCode() + " " + response.body());
            }
            bytes = response.body().length();
            if (run >= 3) {
                millis.add(elapsed);
            }
        }
        Collections.sort(millis);
        System.out.printf("%-34s p50 %6.1f ms   p95 %6.1f ms   (%,d characters)%n", what, millis.get(millis.size() / 2),
                millis.get((int) Math.ceil(millis.size() * 0.95) - 1), bytes);
    }

    /** Signed in locally, the workspace opened 6 times (the first is the warm-up): navigation start to tickets drawn. */
    private static void pageLoad(String url) {
        String workspace = url.replace("127.0.0.1", "localhost") + "/agent/";
        try (Browser chromium = Browser.start("en")) {
            ChromeDriver browser = chromium.driver();
            browser.manage().window().setSize(new Dimension(1280, 900));
            browser.get(workspace);
            browser.findElement(By.cssSelector("button[value=agent]")).click();
            long signedIn = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!browser.getCurrentUrl().contains("/agent/") && System.nanoTime() < signedIn) {
                Thread.onSpinWait();
            }
            List<Double> millis = new ArrayList<>();
            for (int run = 0; run < 6; run++) {
                browser.get(workspace + "?run=" + run);
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                Object drawn = null;
                while (drawn == null && System.nanoTime() < deadline) {
                    // the moment the first page of "mine" has been drawn, measured by the page's own clock
                    drawn = browser.executeScript("return document.querySelectorAll('#tickets [data-ticket]').length > 0"
                            + " && document.querySelector('[data-view=mine] .count').textContent !== '' ? performance.now() : null");
                }
                if (drawn == null) {
                    throw new IllegalStateException("the workspace drew no tickets within 30 s, at " + browser.getCurrentUrl() + ": "
                            + browser.findElement(By.tagName("body")).getText().lines().limit(8).toList() + " console " + chromium.console());
                }
                if (run > 0) {
                    millis.add(((Number) drawn).doubleValue());
                }
            }
            Collections.sort(millis);
            System.out.printf("%-34s median %6.0f ms   max %6.0f ms   (navigation to the first page drawn, 5 loads)%n",
                    "workspace page load (Chromium)", millis.get(millis.size() / 2), millis.get(millis.size() - 1));
        }
    }
}
