package io.madoguchi.e2e;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
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
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.function.ToLongFunction;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import io.madoguchi.e2e.OtlpReceiver.ReceivedSpan;
import io.madoguchi.infra.LocalSystem;
import io.madoguchi.infra.ServiceProcess;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

/**
 * The four packaged services as separate processes against a Kafka broker process, PostgreSQL and a mail server
 * process, driven only through their public interfaces: HTTP APIs, Kafka topics, SMTP and IMAP.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static LocalSystem system;
    private static OtlpReceiver traces;
    private static String agentToken;

    @BeforeAll
    static void startSystem() throws IOException {
        Path root = Path.of(System.getProperty("madoguchi.root", "../..")).toAbsolutePath().normalize();
        // kept under target/ so the services' logs can be read after a failure
        Path home = Files.createDirectories(Path.of("target", "e2e-home", UUID.randomUUID().toString().substring(0, 8)))
                .toAbsolutePath();
        system = new LocalSystem(root, home, LocalSystem.Ports.free(), System.getProperty("java.class.path"),
                "e2e_" + UUID.randomUUID().toString().substring(0, 8), true).withShortLivedServices();
        // urgent tickets get 6 s to a first reply, and a first-reply breach moves the ticket to tier2
        system.environment("MADOGUCHI_SLA_PRIORITIES_URGENT_FIRST_REPLY", "PT6S")
                .environment("MADOGUCHI_SLA_ON_BREACH_FIRST_REPLY_QUEUE", "tier2");
        // traced as in production, by the standard variables, into a receiver here; one log line per record applied
        traces = new OtlpReceiver();
        system.environment("OTEL_EXPORTER_OTLP_ENDPOINT", traces.endpoint())
                .environment("OTEL_TRACES_SAMPLER", "always_on")
                .environment("OTEL_BSP_SCHEDULE_DELAY", "100")
                .environment("QUARKUS_LOG_CATEGORY__IO_MADOGUCHI_CHASSIS_TRACING__LEVEL", "DEBUG")
                .environment("QUARKUS_LOG_CATEGORY__IO_MADOGUCHI_INGEST_SERVICE_INTAKE__LEVEL", "DEBUG");
        system.start(Duration.ofMinutes(2));
        agentToken = system.tokens().mint("e2e-agent", Set.of("agent"), Duration.ofMinutes(30));
    }

    @AfterAll
    static void stopSystem() {
        if (system != null) {
            system.close();
        }
        if (traces != null) {
            traces.close();
        }
    }

    @Test
    void oneInquiryIsOneTraceFromTheCallerToTheArchive() throws Exception {
        String traceId = UUID.randomUUID().toString().replace("-", "");
        String callerSpan = UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        String inquiryId = submit("{\"channel\":\"api\",\"requester\":{\"email\":\"trace@example.jp\"},\"body\":\"traced\"}",
                "00-" + traceId + "-" + callerSpan + "-01");
        long ticketId = ticketIdFor(inquiryId);

        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertFalse(traces.spans().isEmpty(), "no spans received; requests: " + traces.paths());
            InquiryTrace trace = new InquiryTrace(traces.spans(), traceId);
            ReceivedSpan intake = trace.one("ingest-service", "HTTP intake", s -> s.kind().equals("SPAN_KIND_SERVER"));
            assertEquals(callerSpan, intake.parentSpanId(), "the caller's traceparent is honoured");
            trace.assertDatabaseWorkUnder("ingest-service", intake);
            ReceivedSpan inquiry = trace.one("ingest-service", "publish", s -> s.name().equals("publish inquiries.v1"));
            trace.assertDescends(inquiry, intake);

            ReceivedSpan applied = single(trace.children("ticket-service", "process inquiries.v1 ", inquiry));
            trace.assertBatchLinks("ticket-service", "process inquiries.v1", inquiry);
            trace.assertDatabaseWorkUnder("ticket-service", applied);
            ReceivedSpan created = trace.one("ticket-service", "publish of the ticket's creation",
                    s -> s.name().equals("publish tickets.v1") && trace.children("escalation-service", "process tickets.v1 ", s).size() == 1);
            trace.assertDescends(created, applied);

            ReceivedSpan routing = single(trace.children("escalation-service", "process tickets.v1 ", created));
            trace.assertBatchLinks("escalation-service", "process tickets.v1", created);
            // two events of the routing's transaction: routed and the ticket's next SLA due time (sla-due), neither of
            // which analytics-service archives (ticket.assigned and the next sla-due restate them)
            List<ReceivedSpan> published = trace.matching("escalation-service", s -> s.name().equals("publish escalations.v1")
                    && trace.children("ticket-service", "process escalations.v1 ", s).size() == 1);
            assertEquals(2, published.size(), "escalation-service: the routing's two publishes expected in the trace");
            for (ReceivedSpan escalation : published) {
                trace.assertDescends(escalation, routing);
            }
            assertEquals(0, published.stream().filter(s -> !trace.children("analytics-service", "process escalations.v1 ", s).isEmpty())
                    .count(), "analytics-service archives neither the routing nor the due time");

            single(trace.children("analytics-service", "process tickets.v1 ", created));
            trace.assertBatchLinks("analytics-service", "process tickets.v1", created);
            single(trace.children("ingest-service", "process tickets.v1 ", created));
        });
        for (String service : List.of("ingest-service", "ticket-service", "escalation-service", "analytics-service")) {
            Path log = system.service(service).logFile();
            assertTrue(contains(log, "Traces are sampled by PipelineSampler{AlwaysOnSampler"), service + " samples as OTEL_TRACES_SAMPLER says");
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> contains(log, "\"trace_id\":\"" + traceId + "\""));
        }
        assertTrue(Files.readAllLines(system.service("ticket-service").logFile()).stream()
                        .anyMatch(l -> l.contains("\"trace_id\":\"" + traceId + "\"") && l.contains("\"ticket_id\":\"" + ticketId + "\"")),
                "a ticket-service line of the trace names the ticket");
        assertTrue(Files.readAllLines(system.service("ingest-service").logFile()).stream()
                        .anyMatch(l -> l.contains("\"trace_id\":\"" + traceId + "\"") && l.contains("\"inquiry_id\":\"" + inquiryId + "\"")),
                "an ingest-service line of the trace names the inquiry");
    }

    @Test
    @Order(1) // first, so that no other test's tickets are still arriving at analytics while it counts
    void inquiriesBecomeRoutedTicketsCountedByAnalytics() throws Exception {
        JsonNode before = getJson(system.service("analytics-service").url() + "/api/v1/stats/summary");
        String conversation = "api:e2e/" + UUID.randomUUID();
        String first = submit("{\"channel\":\"api\",\"requester\":{\"email\":\"hanako@example.jp\",\"name\":\"山田花子\"},"
                + "\"subject\":\"請求書\",\"body\":\"請求書が届きません\",\"conversationKey\":\"" + conversation + "\"}");
        String second = submit("{\"channel\":\"form\",\"requester\":{\"email\":\"bob@example.com\"},"
                + "\"subject\":\"Password\",\"body\":\"I cannot log in\"}");

        // a ticket-created event names each inquiry; the ticket API shows the ticket with its queue
        long firstTicket = ticketIdFor(first);
        long secondTicket = ticketIdFor(second);
        String followUp = submit("{\"channel\":\"api\",\"requester\":{\"email\":\"hanako@example.jp\"},"
                + "\"body\":\"まだ届きません\",\"conversationKey\":\"" + conversation + "\"}");

        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode ticket = getJson(system.service("ticket-service").url() + "/api/v1/tickets/" + firstTicket);
            assertEquals("tier1", ticket.path("queue").asText());
            assertEquals(2, ticket.path("messages").size());
            assertEquals(followUp, ticket.path("messages").get(1).path("inquiryId").asText());
        });
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertEquals("tier1", getJson(system.service("ticket-service").url() + "/api/v1/tickets/" + secondTicket)
                        .path("queue").asText()));

        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode stats = getJson(system.service("analytics-service").url() + "/api/v1/stats/summary");
            // the other tests' tickets may be counted too: compare with what was counted before
            assertEquals(2, stats.path("ticketsCreated").asInt() - before.path("ticketsCreated").asInt(), stats.toString());
            assertEquals(1, stats.at("/byChannel/api").asInt() - before.at("/byChannel/api").asInt());
            assertEquals(1, stats.at("/byChannel/form").asInt() - before.at("/byChannel/form").asInt());
            assertEquals(2, stats.at("/byQueue/tier1").asInt() - before.at("/byQueue/tier1").asInt());
        });
    }

    /**
     * An agent keeps the workspace open on a ticket while ticket-service stops (gracefully, as in a rolling update) and
     * starts again: the stop does not wait for the page's live stream, the page reconnects by itself, shows the
     * customer's message that arrived meanwhile and hears changes again, all without a reload.
     */
    @Test
    @Order(2) // early: the restart resets ticket-service's counters, which later tests read
    void theWorkspaceCarriesOnThroughATicketServiceRestartWithoutAReload() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String conversation = "api:e2e-restart/" + run;
        long ticketId = ticketIdFor(submit("{\"channel\":\"api\",\"requester\":{\"email\":\"restart." + run
                + "@example.jp\"},\"subject\":\"Restart " + run + "\",\"body\":\"first " + run + "\",\"conversationKey\":\""
                + conversation + "\"}"));
        ServiceProcess ticketService = system.service("ticket-service");
        String page = ticketService.url() + "/agent/#ticket=" + ticketId;
        Duration live = Duration.ofSeconds(30);
        ChromeDriver browser = browser();
        try {
            browser.get(page);
            Awaitility.await().atMost(live).ignoreExceptions().until(() -> browser.findElement(By.cssSelector("button[value=agent]")),
                    java.util.Objects::nonNull).click();
            Awaitility.await().atMost(live).until(() -> browser.getCurrentUrl().contains("/agent/"));
            browser.get(page);
            Awaitility.await("the ticket open, the stream live").atMost(live).ignoreExceptions().untilAsserted(() -> {
                assertEquals("live", browser.findElement(By.id("live")).getAttribute("data-state"));
                assertTrue(browser.findElement(By.id("conversation")).getText().contains("first " + run));
            });
            browser.executeScript("window.sameDocument = true");

            long logBefore = Files.size(ticketService.logFile());
            ticketService.close();
            String shutdownLog = Files.readString(ticketService.logFile()).substring((int) logBefore);
            assertFalse(shutdownLog.contains("Timed out waiting for graceful shutdown"),
                    "the graceful shutdown waited for the open live stream: " + shutdownLog);
            Awaitility.await("the page notices").atMost(live).ignoreExceptions()
                    .until(() -> "reconnecting".equals(browser.findElement(By.id("live")).getAttribute("data-state")));

            submit("{\"channel\":\"api\",\"requester\":{\"email\":\"restart." + run + "@example.jp\"},\"body\":\"meanwhile "
                    + run + "\",\"conversationKey\":\"" + conversation + "\"}");
            system.startService("ticket-service").awaitReady(Duration.ofMinutes(2));

            Awaitility.await("reconnected, and the message that came meanwhile shown").atMost(Duration.ofSeconds(60)).ignoreExceptions()
                    .untilAsserted(() -> {
                        assertEquals("live", browser.findElement(By.id("live")).getAttribute("data-state"));
                        assertTrue(browser.findElement(By.id("conversation")).getText().contains("meanwhile " + run));
                    });
            HttpResponse<String> note = HTTP.send(HttpRequest.newBuilder(URI.create(system.service("ticket-service").url()
                    + "/api/v1/tickets/" + ticketId + "/messages")).header("Authorization", "Bearer " + agentToken)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"body\":\"after " + run + "\",\"visibility\":\"internal\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(201, note.statusCode(), note.body());
            Awaitility.await("a change after the restart heard live").atMost(live).ignoreExceptions()
                    .until(() -> browser.findElement(By.id("conversation")).getText().contains("after " + run));
            assertEquals(Boolean.TRUE, browser.executeScript("return window.sameDocument === true"), "the page was reloaded");
        } finally {
            browser.quit();
        }
    }

    @Test
    void everyTopicCarriesCloudEventsInBinaryMode() throws Exception {
        String conversation = "api:e2e-headers/" + UUID.randomUUID();
        String inquiryId = submit("{\"channel\":\"api\",\"requester\":{\"id\":\"u-1\"},\"body\":\"headers\","
                + "\"conversationKey\":\"" + conversation + "\"}");
        long ticketId = ticketIdFor(inquiryId);

        ConsumerRecord<String, String> inquiry = single(read("inquiries.v1", r -> r.value().contains(inquiryId)));
        assertCloudEvent(inquiry, "io.madoguchi.inquiry.received.v1", "/ingest-service/api");
        assertEquals(conversation, inquiry.key());

        ConsumerRecord<String, String> created = single(read("tickets.v1",
                r -> r.value().contains(inquiryId) && "io.madoguchi.ticket.created.v1".equals(header(r, "ce_type"))));
        assertCloudEvent(created, "io.madoguchi.ticket.created.v1", "/ticket-service");
        assertEquals(Long.toString(ticketId), created.key());
        assertEquals(Long.toString(ticketId), header(created, "ce_subject"));

        ConsumerRecord<String, String> routed = single(read("escalations.v1",
                r -> r.key().equals(Long.toString(ticketId)) && "io.madoguchi.escalation.routed.v1".equals(header(r, "ce_type"))));
        assertCloudEvent(routed, "io.madoguchi.escalation.routed.v1", "/escalation-service");
        assertEquals(Long.toString(ticketId), header(routed, "ce_subject"));
        // the next SLA due time, announced in the same transaction as the routing
        ConsumerRecord<String, String> due = single(read("escalations.v1",
                r -> r.key().equals(Long.toString(ticketId)) && "io.madoguchi.escalation.sla-due.v1".equals(header(r, "ce_type"))));
        assertCloudEvent(due, "io.madoguchi.escalation.sla-due.v1", "/escalation-service");

        ConsumerRecord<String, String> assigned = single(read("tickets.v1",
                r -> r.key().equals(Long.toString(ticketId)) && "io.madoguchi.ticket.assigned.v1".equals(header(r, "ce_type"))));
        assertCloudEvent(assigned, "io.madoguchi.ticket.assigned.v1", "/ticket-service");
    }

    @Test
    void everyServiceIsReadyAndExposesMetrics() throws Exception {
        for (String name : LocalSystem.SERVICES) {
            String url = system.service(name).url();
            HttpResponse<String> ready = HTTP.send(HttpRequest.newBuilder(URI.create(url + "/q/health/ready")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, ready.statusCode(), name);
            assertEquals("UP", JSON.readTree(ready.body()).path("status").asText(), name);
            HttpResponse<String> metrics = HTTP.send(HttpRequest.newBuilder(URI.create(url + "/q/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, metrics.statusCode(), name);
            assertTrue(metrics.body().contains("jvm_memory_used_bytes"), name);
        }
    }

    /**
     * Every operation in each service's OpenAPI document is either public by design or refuses a caller
     * without a credential (401) and, for role-protected ones, a caller with a role it does not accept (403).
     */
    @Test
    void everyNonPublicOperationRefusesMissingCredentialsAndWrongRoles() throws Exception {
        Set<String> publicByDesign = Set.of("POST /api/v1/surveys/{token}", "GET /survey/{token}", "POST /survey/{token}", "GET /form", "POST /form");
        // authenticated by a signature or an API key, not a bearer token: a wrong role means nothing to them
        java.util.function.Predicate<String> noRoles = signature -> signature.contains(" /webhooks/") || signature.contains(" /api/v1/inquiries");
        String wrongRole = system.tokens().mint("e2e-nobody", Set.of("requester"), Duration.ofMinutes(5));
        int checked = 0;
        for (String name : LocalSystem.SERVICES) {
            String url = system.service(name).url();
            JsonNode paths = JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(url + "/q/openapi?format=json")).build(),
                    HttpResponse.BodyHandlers.ofString()).body()).path("paths");
            for (var path : (Iterable<java.util.Map.Entry<String, JsonNode>>) paths::fields) {
                for (var operation : (Iterable<java.util.Map.Entry<String, JsonNode>>) path.getValue()::fields) {
                    String method = operation.getKey().toUpperCase();
                    String signature = method + " " + path.getKey();
                    if (publicByDesign.contains(signature)) {
                        continue;
                    }
                    // webhook sources the launcher configures, so the call reaches the signature check rather than a 404
                    String concrete = url + path.getKey().replace("/chat/{source}", "/chat/web").replace("/email/{source}", "/email/mx")
                            .replaceAll("\\{[^}]+}", "1");
                    assertEquals(401, call(method, concrete, null), name + " " + signature + " without a credential");
                    if (!noRoles.test(signature)) {
                        assertEquals(403, call(method, concrete, wrongRole), name + " " + signature + " with a role it does not accept");
                    }
                    checked++;
                }
            }
        }
        assertTrue(checked >= 10, "operations checked: " + checked);
    }

    /**
     * A Japanese mail posted by the mail gateway becomes a ticket; the customer's reply, carrying the ticket's
     * token in its subject and a quoted history, is added to that ticket without the quote.
     */
    @Test
    void aGatewayMailBecomesATicketAndTheReplyJoinsItWithoutItsQuote() throws Exception {
        java.nio.charset.Charset jis = java.nio.charset.Charset.forName("ISO-2022-JP");
        String run = UUID.randomUUID().toString();
        String first = postMail(headers("<first-" + run + "@example.jp>", null, encoded("ログインできません " + run, jis), "ISO-2022-JP"),
                "パスワードを再設定してもログインできません。\r\n".getBytes(jis));
        long ticketId = ticketIdFor(first);
        String reply = postMail(headers("<reply-" + run + "@example.jp>", "<agent-" + run + "@support.example.jp>",
                "Re: [#T-" + ticketId + "] " + run, "UTF-8"),
                ("別のブラウザでも同じです。\r\n\r\n2026年1月5日(月) 10:00 サポート <support@example.jp>:\r\n> キャッシュを消してください\r\n")
                        .getBytes(UTF_8));
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode ticket = getJson(system.service("ticket-service").url() + "/api/v1/tickets/" + ticketId);
            assertEquals("email", ticket.path("channel").asText());
            assertEquals("ログインできません " + run, ticket.path("subject").asText());
            assertEquals("sato@example.jp", ticket.at("/requester/email").asText());
            assertEquals(2, ticket.path("messages").size(), ticket.toString());
            assertEquals(reply, ticket.at("/messages/1/inquiryId").asText());
            assertEquals("別のブラウザでも同じです。", ticket.at("/messages/1/body").asText());
        });
    }

    /**
     * The mail loop through a real mail server: a customer's mail to the support address, polled over IMAP, becomes a
     * ticket; the agent's public reply arrives in the customer's mailbox in their thread, answerable at the ticket's
     * own address; the customer's answer joins the same ticket, and the ticket shows the reply sent. Solved, the
     * ticket's survey reaches the customer's mailbox; its one-click link opens the survey page in a browser, and the
     * rating sent from there is counted by analytics.
     */
    @Test
    void aMailedInquiryIsAnsweredInTheCustomersMailboxTheirAnswerJoinsTheTicketAndTheirSurveyRatingReachesAnalytics() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String customer = LocalSystem.CUSTOMER_ADDRESS;
        String inquiryId = "<invoice-" + run + "@example.jp>";
        String subject = "Where is my invoice? " + run;
        long ticketId = mailedTicket(run, subject, inquiryId);
        String tickets = system.service("ticket-service").url() + "/api/v1/tickets";
        JsonNode opened = getJson(tickets + "/" + ticketId);
        assertEquals("email", opened.path("channel").asText(), opened.toString());
        assertEquals(subject, opened.path("subject").asText());
        assertEquals("I paid last week, but no invoice has come.", opened.at("/messages/0/body").asText());

        String replyText = "We sent invoice " + run + " again today.";
        String traceId = UUID.randomUUID().toString().replace("-", "");
        String agentSpan = UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        postPublicReply(ticketId, replyText, "00-" + traceId + "-" + agentSpan + "-01");

        MimeMessage reply = Awaitility.await("the reply in the customer's mailbox").atMost(Duration.ofSeconds(60))
                .until(() -> mailbox(customer, system.mailPassword(customer), replyText), found -> !found.isEmpty()).get(0);
        // the agent's request, the ticket event, the delivery's attempt and its outcome are one trace
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            InquiryTrace trace = new InquiryTrace(traces.spans(), traceId);
            ReceivedSpan replied = trace.one("ticket-service", "reply request", s -> s.kind().equals("SPAN_KIND_SERVER"));
            assertEquals(agentSpan, replied.parentSpanId());
            ReceivedSpan attempt = trace.one("ingest-service", "delivery attempt", s -> s.name().equals("deliver email"));
            trace.assertDescends(attempt, replied);
            ReceivedSpan outcome = single(trace.children("ingest-service", "publish deliveries.v1", attempt));
            single(trace.children("ticket-service", "process deliveries.v1 ", outcome));
        });
        assertEquals(1, mailbox(customer, system.mailPassword(customer), replyText).size(), "the reply is mailed once");
        String ticketAddress = "support+T-" + ticketId + "@madoguchi.local";
        assertEquals("Re: " + subject + " [#T-" + ticketId + "]", reply.getSubject());
        assertEquals(inquiryId, reply.getHeader("In-Reply-To", null));
        assertTrue(reply.getHeader("References", " ").contains(inquiryId), reply.getHeader("References", " "));
        assertEquals(List.of(new InternetAddress(ticketAddress)), List.of(reply.getReplyTo()));
        assertEquals(LocalSystem.SUPPORT_ADDRESS, ((InternetAddress) reply.getFrom()[0]).getAddress());
        assertEquals(1, system.mail().delivered(customer).stream().filter(file -> contains(file, replyText)).count(),
                "the mail server kept the reply on disk");

        // the customer's mail client answers the reply: to its Reply-To, in its thread, quoting it
        String replyId = reply.getMessageID();
        sendMail(ticketAddress, "From: Customer <" + customer + ">\r\nTo: " + ticketAddress + "\r\nSubject: " + reply.getSubject()
                + "\r\nMessage-ID: <answer-" + run + "@example.jp>\r\nIn-Reply-To: " + replyId + "\r\nReferences: "
                + reply.getHeader("References", " ") + " " + replyId + "\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: text/plain; charset=UTF-8\r\n\r\nIt has arrived, thank you.\r\n\r\n"
                + "On Mon, 5 Jan 2026 10:00 Madoguchi Support <support@madoguchi.local> wrote:\r\n> " + replyText + "\r\n");

        Awaitility.await("the answer joins the ticket").atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonNode ticket = getJson(tickets + "/" + ticketId);
            JsonNode messages = ticket.path("messages");
            assertEquals(3, messages.size(), ticket.toString());
            assertEquals("agent", messages.get(1).path("authorType").asText());
            assertEquals("sent", messages.get(1).at("/delivery/status").asText(), ticket.toString());
            assertEquals(replyId, messages.get(1).at("/delivery/reference").asText());
            assertEquals("requester", messages.get(2).path("authorType").asText());
            assertEquals("email", messages.get(2).path("channel").asText());
            assertEquals("It has arrived, thank you.", messages.get(2).path("body").asText());
        });
        assertEquals(1, getJson(tickets + "?requester=" + customer + "&q=" + run).path("items").size(), "no second ticket");

        // solved: the survey reaches the customer's mailbox; its good link, opened in a browser, records the rating once sent
        String analytics = system.service("analytics-service").url() + "/api/v1/stats/satisfaction";
        long goodBefore = getJson(analytics).at("/overall/good").asLong();
        changeStatus(ticketId, "solved");
        MimeMessage survey = Awaitility.await("the survey in the customer's mailbox").atMost(Duration.ofSeconds(60))
                .until(() -> mailbox(customer, system.mailPassword(customer), "[#T-" + ticketId + "] How did we do").stream()
                        .findFirst(), java.util.Optional::isPresent).orElseThrow();
        assertEquals("<answer-" + run + "@example.jp>", survey.getHeader("In-Reply-To", null), "the survey answers the customer's latest mail");
        java.util.regex.Matcher link = java.util.regex.Pattern.compile("Good: (\\S+)").matcher(plainText(survey));
        assertTrue(link.find(), plainText(survey));
        String good = link.group(1);
        assertTrue(good.startsWith(system.service("ticket-service").url() + "/survey/") && good.contains("rating=good")
                && good.contains("lang=en"), good);

        ChromeDriver browser = browser();
        try {
            browser.get(good);
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> !browser.findElements(By.id("rating-good")).isEmpty());
            assertEquals("en", browser.findElement(By.tagName("html")).getAttribute("lang"));
            assertTrue(browser.findElement(By.id("rating-good")).isSelected(), "the good link preselects good");
            assertEquals(goodBefore, getJson(analytics).at("/overall/good").asLong(), "opening the link records nothing");
            browser.findElement(By.id("comment")).sendKeys("Quick and kind, thank you.");
            browser.findElement(By.id("send")).click();
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> !browser.findElements(By.id("heading")).isEmpty());
            assertEquals("Thank you for your feedback", browser.findElement(By.id("heading")).getText());
        } finally {
            browser.quit();
        }
        Awaitility.await("CSAT in analytics").atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertEquals(goodBefore + 1, getJson(analytics).at("/overall/good").asLong()));
        JsonNode deliveries = getJson(tickets + "/" + ticketId).path("deliveries");
        assertTrue(deliveries.toString().contains("\"kind\":\"survey\"") && deliveries.toString().contains("\"status\":\"sent\""),
                deliveries.toString());
    }

    /**
     * A data-protection request: the admin erases a customer who mailed an inquiry and was answered by mail. Afterwards
     * no table of any service's database holds their address, name or words (raw mail, attachments, inquiry, ticket,
     * messages, delivery, routing facts, analytics archive and summary, the outboxes' sent copies), while the ticket
     * stays for the statistics.
     */
    @Test
    void aContactErasedOnRequestLeavesNoTraceInAnyServicesDatabase() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String address = "erika." + run + "@example.jp";
        String raw = "From: Erika Kesu" + run + " <" + address + ">\r\nTo: " + LocalSystem.SUPPORT_ADDRESS + "\r\nSubject: Refund for order "
                + run + "\r\nMessage-ID: <" + UUID.randomUUID() + "@example.jp>\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n"
                + "My card ending " + run + " was charged twice. Erika Kesu" + run + "\r\n--b\r\nContent-Type: text/plain; name=receipt.txt\r\n"
                + "Content-Disposition: attachment; filename=receipt-" + run + ".txt\r\n\r\nreceipt of " + run + "\r\n--b--\r\n";
        sendMail(LocalSystem.SUPPORT_ADDRESS, raw);
        String tickets = system.service("ticket-service").url() + "/api/v1/tickets";
        long ticketId = Awaitility.await("the mail becomes a ticket").atMost(Duration.ofSeconds(60)).until(() -> {
            JsonNode items = getJson(tickets + "?q=" + run).path("items");
            return items.size() == 1 ? items.get(0).path("id").asLong() : null;
        }, java.util.Objects::nonNull);
        postPublicReply(ticketId, "Dear Erika Kesu" + run + ", we refunded the second charge.");
        Awaitility.await("the reply is mailed, routed, archived").atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertEquals("sent", getJson(tickets + "/" + ticketId).at("/messages/1/delivery/status").asText());
            assertTrue(mentions(run).keySet().containsAll(List.of("ingest-service.delivery", "escalation-service.routing_decision",
                    "analytics-service.ticket_summary", "analytics-service.ticket_event")), mentions(run).toString());
        });
        long contact = getJson(tickets + "/" + ticketId).path("contactId").asLong();

        String admin = system.tokens().mint("e2e-admin", Set.of("admin"), Duration.ofMinutes(5));
        HttpResponse<String> erased = HTTP.send(HttpRequest.newBuilder(URI.create(system.service("ticket-service").url()
                        + "/api/v1/contacts/" + contact + "/erasure")).header("Authorization", "Bearer " + admin)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, erased.statusCode(), erased.body());

        Awaitility.await("every service erased what it held").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> assertEquals(java.util.Map.of(), mentions(run)));
        JsonNode ticket = getJson(tickets + "/" + ticketId);
        assertEquals(2, ticket.path("messages").size(), "the ticket and its messages stay, emptied: " + ticket);
        assertTrue(ticket.path("subject").isNull() || ticket.path("subject").isMissingNode(), ticket.toString());
    }

    /**
     * "service.table" → rows whose text mentions {@code text} (any case), over every table of every service's database:
     * each row as text, and each bytea column (raw mail, attachments) as UTF-8 bytes.
     */
    private static java.util.Map<String, Long> mentions(String text) throws java.sql.SQLException {
        java.util.Map<String, Long> found = new java.util.TreeMap<>();
        for (String service : LocalSystem.SERVICES) {
            try (java.sql.Connection db = system.postgres().connect(system.database(service))) {
                java.util.Map<String, List<String>> tables = new java.util.TreeMap<>();
                try (java.sql.Statement s = db.createStatement(); java.sql.ResultSet rows = s.executeQuery("""
                        SELECT t.table_name, c.column_name FROM information_schema.tables t
                        LEFT JOIN information_schema.columns c ON c.table_schema = t.table_schema AND c.table_name = t.table_name
                                                              AND c.data_type = 'bytea'
                        WHERE t.table_schema = 'public' AND t.table_type = 'BASE TABLE'""")) {
                    while (rows.next()) {
                        List<String> bytea = tables.computeIfAbsent(rows.getString(1), name -> new ArrayList<>());
                        if (rows.getString(2) != null) {
                            bytea.add(rows.getString(2));
                        }
                    }
                }
                assertTrue(tables.size() > 3, service + " has its tables: " + tables.keySet());
                for (var table : tables.entrySet()) {
                    StringBuilder where = new StringBuilder("strpos(lower(x::text), lower(?)) > 0");
                    for (String column : table.getValue()) {
                        where.append(" OR position(convert_to(lower(?), 'UTF8') in x.\"").append(column).append("\") > 0");
                    }
                    try (java.sql.PreparedStatement query = db.prepareStatement(
                            "SELECT count(*) FROM \"" + table.getKey() + "\" x WHERE " + where)) {
                        for (int i = 1; i <= 1 + table.getValue().size(); i++) {
                            query.setString(i, text);
                        }
                        try (java.sql.ResultSet rows = query.executeQuery()) {
                            rows.next();
                            if (rows.getLong(1) > 0) {
                                found.put(service + "." + table.getKey(), rows.getLong(1));
                            }
                        }
                    }
                }
            }
        }
        return found;
    }

    private static void changeStatus(long ticketId, String status) throws Exception {
        String url = system.service("ticket-service").url() + "/api/v1/tickets/" + ticketId;
        long version = getJson(url).path("version").asLong();
        HttpResponse<String> changed = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + agentToken).header("Content-Type", "application/json")
                .header("If-Match", "\"" + version + "\"")
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"status\":\"" + status + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, changed.statusCode(), changed.body());
    }

    /** The text/plain part of a mail, decoded. */
    private static String plainText(MimeMessage mail) throws Exception {
        Object content = mail.getContent();
        if (content instanceof String text) {
            return text;
        }
        jakarta.mail.internet.MimeMultipart parts = (jakarta.mail.internet.MimeMultipart) content;
        for (int i = 0; i < parts.getCount(); i++) {
            if (parts.getBodyPart(i).isMimeType("text/plain")) {
                return (String) parts.getBodyPart(i).getContent();
            }
        }
        return "";
    }

    /** Debian's headless Chromium (deploy/run-tests.sh installs it), its language English like the customer's. */
    private static ChromeDriver browser() {
        String chromium = System.getProperty("madoguchi.chromium", "/usr/bin/chromium");
        String chromedriver = System.getProperty("madoguchi.chromedriver", "/usr/bin/chromedriver");
        ChromeOptions options = new ChromeOptions().setBinary(chromium).addArguments("--headless=new", "--no-sandbox", "--disable-gpu",
                "--disable-dev-shm-usage", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--lang=en");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new java.io.File(chromedriver))
                .usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    /**
     * A reply posted while the mail server is down (SIGKILL) is tried, fails, and is mailed once after the server is back;
     * the mail the server had accepted before is still there.
     */
    @Test
    void aReplyPostedWhileTheMailServerIsDownIsMailedOnceWhenItIsBack() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String customer = LocalSystem.CUSTOMER_ADDRESS;
        long ticketId = mailedTicket(run, "Cannot log in " + run, "<login-" + run + "@example.jp>");
        List<Path> before = system.mail().delivered(customer);
        double retriedBefore = deliveriesRetried();

        system.mail().kill();
        String replyText = "Please reset your password, " + run + ".";
        try {
            postPublicReply(ticketId, replyText);
            Awaitility.await("ingest tried to send while the mail server was down").atMost(Duration.ofSeconds(30))
                    .until(() -> deliveriesRetried() > retriedBefore);
        } finally {
            system.mail().start(Duration.ofSeconds(30));
        }

        Awaitility.await("the reply in the customer's mailbox").atMost(Duration.ofSeconds(60))
                .until(() -> mailbox(customer, system.mailPassword(customer), replyText), found -> !found.isEmpty());
        assertEquals(1, mailbox(customer, system.mailPassword(customer), replyText).size(), "the reply is mailed once");
        List<Path> after = system.mail().delivered(customer);
        assertTrue(after.containsAll(before), "the mail accepted before the kill is still there");
        assertEquals(before.size() + 1, after.size());
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode delivery = getJson(system.service("ticket-service").url() + "/api/v1/tickets/" + ticketId).at("/messages/1/delivery");
            assertEquals("sent", delivery.path("status").asText(), delivery.toString());
            assertTrue(delivery.path("attempts").asInt() >= 2, delivery.toString());
        });
    }

    /** Mails a first inquiry as the customer to the support address; waits for its ticket, which it returns. */
    private static long mailedTicket(String run, String subject, String messageId) throws Exception {
        sendMail(LocalSystem.SUPPORT_ADDRESS, "From: Customer <" + LocalSystem.CUSTOMER_ADDRESS + ">\r\nTo: " + LocalSystem.SUPPORT_ADDRESS
                + "\r\nSubject: " + subject + "\r\nMessage-ID: " + messageId + "\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: text/plain; charset=UTF-8\r\n\r\nI paid last week, but no invoice has come.\r\n");
        String search = system.service("ticket-service").url() + "/api/v1/tickets?requester=" + LocalSystem.CUSTOMER_ADDRESS + "&q=" + run;
        return Awaitility.await("ingest polls the mail, ticket-service opens a ticket").atMost(Duration.ofSeconds(60))
                .until(() -> {
                    JsonNode items = getJson(search).path("items");
                    return items.size() == 1 ? items.get(0).path("id").asLong() : null;
                }, java.util.Objects::nonNull);
    }

    private static void postPublicReply(long ticketId, String text) throws Exception {
        postPublicReply(ticketId, text, null);
    }

    /** @param traceparent the agent's client's W3C trace context, or null */
    private static void postPublicReply(long ticketId, String text, String traceparent) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(system.service("ticket-service").url()
                        + "/api/v1/tickets/" + ticketId + "/messages"))
                .header("Authorization", "Bearer " + agentToken).header("Content-Type", "application/json");
        if (traceparent != null) {
            request.header("traceparent", traceparent);
        }
        HttpResponse<String> replied = HTTP.send(request
                .POST(HttpRequest.BodyPublishers.ofString("{\"body\":\"" + text + "\",\"visibility\":\"public\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(201, replied.statusCode(), replied.body());
    }

    /** ingest-service's count of delivery attempts that failed and are to be tried again, from its /q/metrics. */
    private static double deliveriesRetried() throws Exception {
        String metrics = HTTP.send(HttpRequest.newBuilder(URI.create(system.service("ingest-service").url() + "/q/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return metrics.lines().filter(line -> line.startsWith("madoguchi_deliveries_total{") && line.contains("outcome=\"retried\""))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }

    /** Sends a raw mail to the local mail server as the customer's mail client would, its headers as they are. */
    private static void sendMail(String recipient, String raw) throws Exception {
        Session session = Session.getInstance(new Properties());
        MimeMessage message = new MimeMessage(session, new java.io.ByteArrayInputStream(raw.getBytes(UTF_8)));
        try (Transport transport = session.getTransport("smtp")) {
            transport.connect(system.mail().host(), system.mail().smtpPort(), null, null);
            // sendMessage, not Transport.send: that would give the message a new Message-ID
            transport.sendMessage(message, new InternetAddress[] { new InternetAddress(recipient) });
        }
    }

    /** The messages in a mailbox's INBOX, read over IMAP, whose raw text contains {@code text}. */
    private static List<MimeMessage> mailbox(String address, String password, String text) throws Exception {
        List<MimeMessage> found = new ArrayList<>();
        try (Store store = Session.getInstance(new Properties()).getStore("imap")) {
            store.connect(system.mail().host(), system.mail().imapPort(), address, password);
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            for (Message message : inbox.getMessages()) {
                MimeMessage copy = new MimeMessage((MimeMessage) message);
                java.io.ByteArrayOutputStream raw = new java.io.ByteArrayOutputStream();
                copy.writeTo(raw);
                if (raw.toString(UTF_8).contains(text)) {
                    found.add(copy);
                }
            }
            inbox.close(false);
        }
        return found;
    }

    private static boolean contains(Path file, String text) {
        try {
            return Files.readString(file, UTF_8).contains(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String headers(String messageId, String inReplyTo, String subject, String charset) {
        return "From: Sato <Sato@Example.jp>\r\nTo: support@example.jp\r\nSubject: " + subject + "\r\nMessage-ID: " + messageId + "\r\n"
                + (inReplyTo == null ? "" : "In-Reply-To: " + inReplyTo + "\r\n")
                + "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=" + charset + "\r\n\r\n";
    }

    private static String encoded(String text, java.nio.charset.Charset charset) {
        return "=?" + charset.name() + "?B?" + java.util.Base64.getEncoder().encodeToString(text.getBytes(charset)) + "?=";
    }

    /** Posts a raw mail as the local mail gateway "mx" does, signed with X-Madoguchi-Signature. */
    private static String postMail(String headers, byte[] body) throws Exception {
        java.io.ByteArrayOutputStream raw = new java.io.ByteArrayOutputStream();
        raw.writeBytes(headers.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        raw.writeBytes(body);
        byte[] mail = raw.toByteArray();
        long now = Instant.now().getEpochSecond();
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(system.webhookSecret().getBytes(UTF_8), "HmacSHA256"));
        mac.update((now + ".").getBytes(UTF_8));
        String signature = "t=" + now + ",v1=" + java.util.HexFormat.of().formatHex(mac.doFinal(mail));
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(system.service("ingest-service").url() + "/webhooks/email/mx"))
                .header("Content-Type", "message/rfc822").header("X-Madoguchi-Signature", signature)
                .POST(HttpRequest.BodyPublishers.ofByteArray(mail)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(202, response.statusCode(), response.body());
        return JSON.readTree(response.body()).path("inquiryId").asText();
    }

    /**
     * With two escalation-service replicas sharing their database, both running their SLA timer, an unanswered urgent
     * ticket breaches its first-reply target once, with no further ticket event, and the breach escalation reaches
     * ticket-service.
     */
    @Test
    void aBreachFiresOnceWithTwoEscalationReplicasAndMovesTheTicket() throws Exception {
        ServiceProcess primary = system.service("escalation-service");
        ServiceProcess replica = system.startReplica("escalation-service");
        // how many SLA timer runs a replica has counted, from its /q/metrics
        ToLongFunction<ServiceProcess> timerRuns = service -> {
            try {
                String metrics = HTTP.send(HttpRequest.newBuilder(URI.create(service.url() + "/q/metrics")).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                return metrics.lines().filter(line -> line.startsWith("madoguchi_sla_timer_runs_total"))
                        .mapToLong(line -> (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        };
        try {
            // ready before the ticket exists, so its timer runs all the while the breach could be due (6 s after creation)
            replica.awaitReady(Duration.ofMinutes(1));
            long primaryRuns = timerRuns.applyAsLong(primary);
            long replicaRuns = timerRuns.applyAsLong(replica);
            long ticketId = ticketIdFor(submit("{\"channel\":\"api\",\"requester\":{\"id\":\"sla-e2e\"},\"body\":\"Our shop is down\"}"));
            String tickets = system.service("ticket-service").url() + "/api/v1/tickets/" + ticketId;
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> "tier1".equals(getJson(tickets).path("queue").asText()));
            long version = getJson(tickets).path("version").asLong();
            HttpResponse<String> raised = HTTP.send(HttpRequest.newBuilder(URI.create(tickets))
                    .header("Authorization", "Bearer " + agentToken).header("Content-Type", "application/json")
                    .header("If-Match", "\"" + version + "\"")
                    .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"priority\":\"urgent\"}")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, raised.statusCode(), raised.body());

            Awaitility.await().atMost(Duration.ofSeconds(40)).untilAsserted(() -> {
                JsonNode ticket = getJson(tickets);
                assertEquals("tier2", ticket.path("queue").asText(), ticket.toString());
                assertTrue(ticket.path("tags").toString().contains("sla-breached"), ticket.toString());
            });
            List<ConsumerRecord<String, String>> escalations = read("escalations.v1", r -> r.key().equals(Long.toString(ticketId)));
            assertEquals(1, escalations.stream().filter(r -> "io.madoguchi.escalation.sla-breached.v1".equals(header(r, "ce_type"))).count(),
                    "one breach from two replicas");
            assertEquals(1, escalations.stream().filter(r -> "io.madoguchi.escalation.reassigned.v1".equals(header(r, "ce_type"))).count());

            assertTrue(timerRuns.applyAsLong(primary) > primaryRuns, "the first replica's SLA timer ran while the breach was due");
            assertTrue(timerRuns.applyAsLong(replica) > replicaRuns, "the second replica's SLA timer ran while the breach was due");
            String fired = "Ticket " + ticketId + " breached its first-reply target";
            List<String> firing = new ArrayList<>();
            for (ServiceProcess service : List.of(primary, replica)) {
                if (Files.readString(service.logFile()).contains(fired)) {
                    firing.add(service.name());
                }
            }
            assertEquals(1, firing.size(), "one replica claimed the breach: " + firing);
        } finally {
            replica.close();
        }
    }

    /**
     * Every operation of every service's OpenAPI document that takes a body (but the intake endpoints, which
     * ingest-service's HostileInputTest covers) gets generated hostile bodies with a valid admin token: the answer
     * is never a 5xx and never shows a stack trace, and every service stays ready.
     */
    @Test
    @Order(90)
    void everyOperationWithABodyAnswersHostileBodiesWithoutAServerError() throws Exception {
        String admin = system.tokens().mint("e2e-fuzz", Set.of("admin", "agent"), Duration.ofMinutes(10));
        List<byte[]> bodies = new ArrayList<>();
        // 10 random bodies of each kind in ./mvnw verify; the long run asks for more (docs/reliability.md)
        int random = Integer.getInteger("madoguchi.hostile.random-bodies", 10);
        net.jqwik.api.Arbitraries.bytes().array(byte[].class).ofMaxSize(500).sampleStream().limit(random).forEach(bodies::add);
        net.jqwik.api.Arbitraries.strings().all().ofMaxLength(500).map(t -> t.getBytes(UTF_8)).sampleStream().limit(random).forEach(bodies::add);
        net.jqwik.api.Arbitraries.of("{\"status\":1}", "{\"rules\":\"x\"}", "{\"members\":{}}", "[]", "null", "{\"a\":[[[[[]]]]]}",
                "{\"body\":\"<script>alert(1)</script>\",\"visibility\":\"public\"}", "{\"calendar\":{\"zone\":\"'; DROP TABLE x;--\"}}",
                "{\"title\":\"\\u0000\",\"body\":\"\\u0000\",\"url\":\"https://x.example\"}", "{\"priority\":[\"urgent\"]}",
                "{\"tags\":[1,2,3]}", "{\"rating\":\"good\",\"score\":1e309}")
                .map(t -> t.getBytes(UTF_8)).sampleStream().limit(24).forEach(bodies::add);
        bodies.add(("[".repeat(50_000) + "]".repeat(50_000)).getBytes(UTF_8));
        bodies.add(("{\"body\":\"" + "x".repeat(200_000) + "\"}").getBytes(UTF_8));
        java.util.Map<String, java.util.Map<Integer, Integer>> outcomes = new java.util.TreeMap<>();
        for (String name : LocalSystem.SERVICES) {
            String url = system.service(name).url();
            JsonNode paths = JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(url + "/q/openapi?format=json")).build(),
                    HttpResponse.BodyHandlers.ofString()).body()).path("paths");
            for (var path : (Iterable<java.util.Map.Entry<String, JsonNode>>) paths::fields) {
                if (path.getKey().startsWith("/webhooks/") || path.getKey().startsWith("/api/v1/inquiries") || path.getKey().equals("/form")) {
                    continue;
                }
                for (var operation : (Iterable<java.util.Map.Entry<String, JsonNode>>) path.getValue()::fields) {
                    String method = operation.getKey().toUpperCase();
                    if (!Set.of("POST", "PUT", "PATCH").contains(method)) {
                        continue;
                    }
                    String concrete = url + path.getKey().replaceAll("\\{[^}]+}", "1");
                    for (byte[] body : bodies) {
                        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(concrete))
                                .header("Authorization", "Bearer " + admin).header("Content-Type", "application/json").header("If-Match", "\"1\"")
                                .method(method, HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
                        String signature = name + " " + method + " " + path.getKey();
                        outcomes.computeIfAbsent(signature, k -> new java.util.TreeMap<>()).merge(response.statusCode(), 1, Integer::sum);
                        assertTrue(response.statusCode() < 500, signature + " answered " + response.statusCode() + ": " + response.body());
                        assertTrue(!response.body().contains("\tat ") && !response.body().contains("Exception"),
                                signature + " leaked internals: " + response.body());
                    }
                }
            }
        }
        outcomes.forEach((k, v) -> System.out.printf("%-60s %s%n", k, v));
        System.out.printf("hostile bodies sent: %d%n", outcomes.values().stream().flatMap(v -> v.values().stream()).mapToInt(Integer::intValue).sum());
        assertTrue(outcomes.size() >= 10, "operations fuzzed: " + outcomes.keySet());
        for (String name : LocalSystem.SERVICES) {
            assertEquals(200, system.service(name).readinessStatus(), name + " still ready");
        }
    }

    /**
     * Records that can never be processed, written straight to each topic (bytes that are no CloudEvent, data that is
     * not JSON, a known type whose data breaks its schema), land on the topic's .dlq with a reason from every
     * consumer of the topic, and the consumers go on: a good inquiry afterwards still becomes a routed ticket.
     */
    @Test
    @Order(95)
    void poisonRecordsOnEveryTopicGoToTheDeadLetterTopicsWithAReasonAndTheConsumersGoOn() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        java.util.Map<String, String> knownType = java.util.Map.of("inquiries.v1", "io.madoguchi.inquiry.received.v1",
                "tickets.v1", "io.madoguchi.ticket.created.v1", "escalations.v1", "io.madoguchi.escalation.routed.v1");
        Properties props = new Properties();
        props.put("bootstrap.servers", system.kafka().bootstrapServers());
        props.put("acks", "all");
        try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<String, byte[]>(props,
                new org.apache.kafka.common.serialization.StringSerializer(), new org.apache.kafka.common.serialization.ByteArraySerializer())) {
            for (var topic : knownType.entrySet()) {
                producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(topic.getKey(), "poison-" + run + "-bytes",
                        new byte[] { (byte) 0xC3, 0x28, 0x00, (byte) 0xFF })).get();
                producer.send(cloudEvent(topic.getKey(), "poison-" + run + "-text", topic.getValue(), "this is not JSON")).get();
                producer.send(cloudEvent(topic.getKey(), "poison-" + run + "-schema", topic.getValue(), "{\"ticketId\":\"abc\",\"inquiryId\":42}")).get();
                // a header without a value once stopped a consumer for good, and again after each restart
                var nullHeader = cloudEvent(topic.getKey(), "poison-" + run + "-null-header", topic.getValue(), "{}");
                nullHeader.headers().add("ce_subject", null);
                producer.send(nullHeader).get();
            }
        }
        for (String topic : knownType.keySet()) {
            Awaitility.await().atMost(Duration.ofMinutes(2)).untilAsserted(() -> {
                List<ConsumerRecord<String, String>> dead = read(topic + ".dlq", r -> r.key() != null && r.key().startsWith("poison-" + run));
                Set<String> keys = new java.util.TreeSet<>();
                dead.forEach(r -> keys.add(r.key()));
                assertEquals(Set.of("poison-" + run + "-bytes", "poison-" + run + "-text", "poison-" + run + "-schema", "poison-" + run + "-null-header"),
                        keys, topic + ".dlq");
                dead.forEach(r -> assertNotNull(header(r, "dead-letter-reason"), topic + ".dlq " + r.key() + " has no reason"));
            });
        }
        long ticketId = ticketIdFor(submit("{\"channel\":\"api\",\"requester\":{\"id\":\"after-poison-" + run + "\"},\"body\":\"still there?\"}"));
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> !getJson(system.service("ticket-service").url() + "/api/v1/tickets/" + ticketId)
                .path("queue").asText("").isEmpty());
    }

    private static org.apache.kafka.clients.producer.ProducerRecord<String, byte[]> cloudEvent(String topic, String key, String type, String data) {
        var record = new org.apache.kafka.clients.producer.ProducerRecord<>(topic, key, data.getBytes(UTF_8));
        record.headers().add("ce_specversion", "1.0".getBytes(UTF_8)).add("ce_id", UUID.randomUUID().toString().getBytes(UTF_8))
                .add("ce_source", "/e2e-poison".getBytes(UTF_8)).add("ce_type", type.getBytes(UTF_8))
                .add("ce_time", Instant.now().toString().getBytes(UTF_8)).add("content-type", "application/json".getBytes(UTF_8));
        return record;
    }

    /**
     * analytics-service's projection can be rebuilt from the topics alone: a second instance with an empty database
     * and new consumer groups replays tickets.v1, escalations.v1 and inquiries.v1 from the beginning and ends up
     * with the same archive and projection as the live one.
     */
    @Test
    @Order(100)
    void analyticsRebuiltByReplayingTheTopicsEqualsTheLiveProjection() throws Exception {
        String live = system.database("analytics-service");
        Awaitility.await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(30))
                .until(() -> snapshot(live).equals(snapshot(live)));
        String rebuilt = system.postgres().createFreshDatabase("analytics_rebuild");
        String group = "analytics-rebuild-" + UUID.randomUUID().toString().substring(0, 8);
        var rebuild = system.startInstance("analytics-service", "rebuild", java.util.Map.of(
                "QUARKUS_DATASOURCE_JDBC_URL", system.postgres().jdbcUrl(rebuilt),
                "QUARKUS_DATASOURCE_REACTIVE_URL", system.postgres().reactiveUrl(rebuilt),
                "MP_MESSAGING_INCOMING_TICKETS_GROUP_ID", group,
                "MP_MESSAGING_INCOMING_ESCALATIONS_GROUP_ID", group,
                "MP_MESSAGING_INCOMING_INQUIRIES_GROUP_ID", group,
                "MP_MESSAGING_INCOMING_DELIVERIES_GROUP_ID", group));
        try {
            rebuild.awaitReady(Duration.ofMinutes(1));
            String expected = snapshot(live);
            assertTrue(expected.lines().count() > 5, "the live projection has tickets: " + expected);
            Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                    .untilAsserted(() -> assertEquals(expected, snapshot(rebuilt)));
        } finally {
            rebuild.close();
            system.postgres().dropDatabase(rebuilt);
        }
    }

    /** Everything analytics derives from events, in a stable order (not when it archived them). */
    private static String snapshot(String database) throws java.sql.SQLException {
        StringBuilder out = new StringBuilder();
        try (java.sql.Connection c = system.postgres().connect(database); java.sql.Statement s = c.createStatement()) {
            for (String query : List.of(
                    "SELECT ticket_id, channel, queue, assignee, status, created_at, first_reply_at, solved_at, closed_at, messages,"
                            + " agent_replies, reopens, macro_applied, macro, rating, score, rated_at, subject, question, answer,"
                            + " requester_name, requester_email FROM ticket_summary ORDER BY ticket_id",
                    "SELECT event_id, ticket_id, event_type, event_time, data FROM ticket_event ORDER BY event_id",
                    "SELECT event_id, ticket_id, kind, at FROM ticket_flow ORDER BY event_id",
                    "SELECT * FROM sla_measure ORDER BY event_id",
                    "SELECT * FROM sla_breach ORDER BY event_id",
                    "SELECT inquiry_id, channel, source, received_at FROM deflection ORDER BY inquiry_id",
                    "SELECT delivery_id, ticket_id, kind, channel, status, permanent, attempts, reason, at, first_failed_at, event_id"
                            + " FROM delivery_outcome ORDER BY delivery_id")) {
                try (java.sql.ResultSet rows = s.executeQuery(query)) {
                    int columns = rows.getMetaData().getColumnCount();
                    while (rows.next()) {
                        for (int i = 1; i <= columns; i++) {
                            out.append(rows.getString(i)).append('|');
                        }
                        out.append('\n');
                    }
                }
                out.append("--\n");
            }
        }
        return out.toString();
    }

    /** The secrets the services were given never appear in what they logged. */
    /**
     * Every metric the alert rules and the Grafana dashboard (deploy/k8s/base/monitoring) query is one a service
     * exports: scraped from the running services after traffic of its own (an inquiry routed, a refused request) and
     * of the tests before it (deliveries by the mail tests, dead letters by the poison test).
     */
    @Test
    @Order(Integer.MAX_VALUE - 1) // after the tests without @Order, whose traffic makes the delivery counters appear
    void theAlertsAndTheDashboardQueryOnlyMetricsTheServicesExport() throws Exception {
        long ticketId = ticketIdFor(submit("{\"channel\":\"api\",\"requester\":{\"id\":\"u-metrics\"},\"body\":\"metrics\"}"));
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertEquals("tier1",
                getJson(system.service("ticket-service").url() + "/api/v1/tickets/" + ticketId).path("queue").asText()));
        assertEquals(401, HTTP.send(HttpRequest.newBuilder(URI.create(system.service("ingest-service").url() + "/api/v1/inquiries"))
                .header("Content-Type", "application/json").header("X-Api-Key", "not-a-key")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.discarding()).statusCode());

        Path monitoring = Path.of(System.getProperty("madoguchi.root", "../..")).resolve("deploy/k8s/base/monitoring");
        java.util.Map<String, Set<String>> queried = new java.util.TreeMap<>();
        for (String query : MetricNames.queries(monitoring)) {
            MetricNames.in(query).forEach(name -> queried.computeIfAbsent(name, n -> new java.util.TreeSet<>()).add(query));
        }
        assertTrue(queried.size() >= 15, "metric names found in the rules and the dashboard: " + queried.keySet());
        // the outbox, readiness and analytics gauges are measured every 10 to 15 s: wait for a scrape after their first round
        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            Set<String> exported = new java.util.TreeSet<>(Set.of("up")); // Prometheus' own, per target
            for (String name : LocalSystem.SERVICES) {
                exported.addAll(MetricNames.scraped(HTTP.send(HttpRequest.newBuilder(URI.create(system.service(name).url() + "/q/metrics"))
                        .build(), HttpResponse.BodyHandlers.ofString()).body()));
            }
            java.util.Map<String, Set<String>> missing = new java.util.TreeMap<>(queried);
            missing.keySet().removeAll(exported);
            assertEquals(java.util.Map.of(), missing, "queried but not exported");
        });
    }

    @Test
    @Order(Integer.MAX_VALUE) // after the tests without @Order too: it reads what every other test made the services log
    void noConfiguredSecretIsLogged() throws Exception {
        submit("{\"channel\":\"api\",\"requester\":{\"id\":\"secret-scan\"},\"body\":\"hello\"}");
        for (String name : LocalSystem.SERVICES) {
            String log = Files.readString(system.service(name).logFile());
            assertTrue(!log.contains(system.ingestApiKey()), name + " logged the ingest API key");
            assertTrue(!log.contains(system.webhookSecret()), name + " logged the webhook secret");
            assertTrue(!log.contains(agentToken), name + " logged a bearer token");
            for (String mailbox : List.of(LocalSystem.SUPPORT_ADDRESS, LocalSystem.CUSTOMER_ADDRESS)) {
                assertTrue(!log.contains(system.mailPassword(mailbox)), name + " logged the password of " + mailbox);
            }
        }
    }

    private static int call(String method, String url, String bearer) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .method(method, method.equals("GET") || method.equals("DELETE") ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString("{}"));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static String submit(String body) throws Exception {
        return submit(body, null);
    }

    /** @param traceparent the caller's W3C trace context, or null */
    private static String submit(String body, String traceparent) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(system.service("ingest-service").url() + "/api/v1/inquiries"))
                .header("Content-Type", "application/json")
                .header("X-Api-Key", system.ingestApiKey());
        if (traceparent != null) {
            request.header("traceparent", traceparent);
        }
        HttpResponse<String> response = HTTP.send(request.POST(HttpRequest.BodyPublishers.ofString(body, UTF_8)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(202, response.statusCode(), response.body());
        return JSON.readTree(response.body()).path("inquiryId").asText();
    }

    private static long ticketIdFor(String inquiryId) throws IOException {
        ConsumerRecord<String, String> created = single(read("tickets.v1",
                r -> r.value().contains(inquiryId) && "io.madoguchi.ticket.created.v1".equals(header(r, "ce_type"))));
        return JSON.readTree(created.value()).path("ticketId").asLong();
    }

    private static JsonNode getJson(String url) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + agentToken).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), url + " -> " + response.body());
        return JSON.readTree(response.body());
    }

    private static void assertCloudEvent(ConsumerRecord<String, String> record, String type, String source) {
        assertEquals("1.0", header(record, "ce_specversion"));
        assertEquals(type, header(record, "ce_type"));
        assertEquals(source, header(record, "ce_source"));
        assertEquals("application/json", header(record, "content-type"));
        String traceparent = header(record, "ce_traceparent");
        assertTrue(traceparent != null && traceparent.matches("00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}"), "ce_traceparent " + traceparent);
        UUID.fromString(header(record, "ce_id"));
        assertNotNull(Instant.parse(header(record, "ce_time")));
    }

    private static <T> T single(List<T> list) {
        assertEquals(1, list.size(), "exactly one matching record");
        return list.get(0);
    }

    /** Every record of the topic matching {@code filter}, waiting up to 30 s for a first one. */
    private static List<ConsumerRecord<String, String>> read(String topic,
            java.util.function.Predicate<ConsumerRecord<String, String>> filter) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, system.kafka().bootstrapServers());
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            List<ConsumerRecord<String, String>> matching = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            long quietUntil = Long.MAX_VALUE;
            while (System.nanoTime() < Math.min(deadline, quietUntil)) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    if (filter.test(r)) {
                        matching.add(r);
                        quietUntil = System.nanoTime() + Duration.ofSeconds(1).toNanos();
                    }
                }
            }
            return matching;
        }
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), UTF_8);
    }
}
