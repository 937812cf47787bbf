package io.madoguchi.analytics;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.madoguchi.analytics.service.RetentionJob;
import io.madoguchi.chassis.testing.TestProducer;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.inject.Inject;

/** FAQ candidates from solved tickets, help articles, the redacted export, the raw archive and its retention. */
@QuarkusTest
@WithTestResource(AnalyticsTestResource.class)
class KnowledgeBaseTest {

    private static final String T = "io.madoguchi.ticket.";

    @Inject
    RetentionJob retention;

    @Inject
    MeterRegistry registry;

    @Test
    void recurringQuestionsNoArticleCoversAreCandidatesWithoutPersonalData() {
        String day = "2033-%02d-10".formatted(ThreadLocalRandom.current().nextInt(1, 13));
        long base = ThreadLocalRandom.current().nextLong(1_000_000, 1_000_000_000);
        String article = "kb-" + base;
        given().auth().oauth2(token("admin")).contentType("application/json")
                .body("{\"title\":\"Resetting your password\",\"body\":\"Choose Forgot password on the sign-in page and we email a password "
                        + "reset link.\",\"url\":\"https://help.example.com/password\"}")
                .when().put("/api/v1/kb/articles/" + article).then().statusCode(201).body("updatedBy", equalTo("lead"));

        String[] invoices = { "We have not received this month's invoice, please resend the invoice to hanako@example.jp",
                "Missing invoice for October, our accountant Hanako Yamada needs the invoice. Call 090-1234-5678",
                "Invoice never arrived by email, could you send the invoice again?",
                "Where is the invoice for last month? No invoice was sent to us." };
        for (int i = 0; i < invoices.length; i++) {
            solvedTicket(base + i, "Invoice", invoices[i], "Hanako Yamada", "I have resent the invoice to your billing contact.",
                    "resend-invoice", day, i);
        }
        String[] passwords = { "I forgot my password and cannot log in, how do I reset the password?",
                "The password reset email does not arrive, I can't reset my password",
                "Locked out after wrong password attempts, please reset my password" };
        for (int i = 0; i < passwords.length; i++) {
            solvedTicket(base + 10 + i, "Password", passwords[i], "Taro Sato", "Use Forgot password on the sign-in page.", null, day, i);
        }

        String from = day + "T00:00:00Z";
        String to = day + "T23:59:59Z";
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(token("agent"))
                .queryParam("from", from).queryParam("to", to).queryParam("includeCovered", true)
                .when().get("/api/v1/kb/candidates")
                .then().statusCode(200)
                .body("ticketsMined", equalTo(7))
                .body("candidates.size()", equalTo(1))
                .body("candidates[0].label", hasItem("invoice"))
                .body("candidates[0].size", equalTo(4))
                .body("candidates[0].topMacro", equalTo("resend-invoice"))
                .body("candidates[0].answers", hasItem("I have resent the invoice to your billing contact."))
                .body("candidates[0].coverage", nullValue())
                .body("candidates[0].questions.question", everyItem(not(containsString("hanako@example.jp"))))
                .body("candidates[0].questions.question", everyItem(not(containsString("Hanako"))))
                .body("candidates[0].questions.question", everyItem(not(containsString("090-1234-5678"))))
                .body("covered.size()", equalTo(1))
                .body("covered[0].coverage.articleId", equalTo(article))
                .body("formulas.covered", containsString("cosine")));

        // every ticket behind the candidate, a page at a time; the candidate's id is its lowest ticket id
        given().auth().oauth2(token("agent")).queryParam("from", from).queryParam("to", to).when().get("/api/v1/kb/candidates")
                .then().body("candidates[0].id", equalTo((int) base));
        given().auth().oauth2(token("agent")).queryParam("from", from).queryParam("to", to).queryParam("limit", 3)
                .when().get("/api/v1/kb/candidates/" + base + "/tickets").then().statusCode(200)
                .body("id", equalTo((int) base)).body("size", equalTo(4)).body("label", hasItem("invoice"))
                .body("items.ticketId", equalTo(ids(base, 0, 1, 2)))
                .body("items[1].question", containsString("needs the invoice")).body("items.question", everyItem(not(containsString("Hanako"))))
                .body("items.answer", everyItem(equalTo("I have resent the invoice to your billing contact.")))
                .body("next", equalTo((int) base + 2));
        given().auth().oauth2(token("agent")).queryParam("from", from).queryParam("to", to).queryParam("limit", 3).queryParam("after", base + 2)
                .when().get("/api/v1/kb/candidates/" + base + "/tickets").then().statusCode(200)
                .body("items.ticketId", equalTo(ids(base, 3))).body("items[0].question", containsString("No invoice was sent"))
                .body("next", nullValue());
        given().auth().oauth2(token("agent")).queryParam("from", from).queryParam("to", to)
                .when().get("/api/v1/kb/candidates/" + (base + 10) + "/tickets").then().statusCode(200)
                .body("items.ticketId", equalTo(ids(base, 10, 11, 12))); // a covered topic's tickets too
        given().auth().oauth2(token("agent")).queryParam("from", from).queryParam("to", to)
                .when().get("/api/v1/kb/candidates/" + (base + 1) + "/tickets").then().statusCode(404)
                .contentType("application/problem+json").body("detail", containsString("No candidate " + (base + 1)));
        given().auth().oauth2(token("agent")).queryParam("limit", 0).when().get("/api/v1/kb/candidates/" + base + "/tickets")
                .then().statusCode(400).body("title", equalTo("Invalid limit"));
        given().when().get("/api/v1/kb/candidates/" + base + "/tickets").then().statusCode(401);

        // a draft help article from the candidate: asked for by an admin, kept as a draft, never an article
        given().auth().oauth2(token("agent")).queryParam("from", from).queryParam("to", to)
                .when().post("/api/v1/kb/candidates/" + base + "/drafts").then().statusCode(403);
        var created = given().auth().oauth2(token("admin")).queryParam("from", from).queryParam("to", to)
                .when().post("/api/v1/kb/candidates/" + base + "/drafts").then().statusCode(201)
                .body("candidateId", equalTo((int) base)).body("languages", equalTo(List.of("en")))
                .body("ticketIds", equalTo(ids(base, 0, 1, 2, 3))).body("createdBy", equalTo("lead"))
                .body("title", not(containsString("Hanako"))).extract();
        String location = created.header("Location");
        String markdown = given().auth().oauth2(token("agent")).accept("text/markdown").when().get(location).then().statusCode(200)
                .contentType(containsString("text/markdown")).extract().asString();
        assertEquals(created.path("markdown"), markdown);
        assertTrue(markdown.startsWith("# ") && markdown.contains("### The question, in customers' words\n\n> ")
                && markdown.contains("### Answer\n\nI have resent the invoice to your billing contact.\n")
                && markdown.contains("4 tickets: #" + base + ", #" + (base + 1) + ", #" + (base + 2) + ", #" + (base + 3)), markdown);
        assertFalse(markdown.contains("Hanako") || markdown.contains("hanako@example.jp") || markdown.contains("090-1234-5678"), markdown);
        given().auth().oauth2(token("agent")).when().get("/api/v1/kb/drafts").then().statusCode(200)
                .body("find { it.candidateId == " + (int) base + " }.title", equalTo(created.path("title")));
        given().auth().oauth2(token("agent")).when().get("/api/v1/kb/articles").then().statusCode(200)
                .body("title", not(hasItem(created.path("title").toString())));
        given().auth().oauth2(token("admin")).queryParam("from", from).queryParam("to", to)
                .when().post("/api/v1/kb/candidates/" + (base + 1) + "/drafts").then().statusCode(404);
        given().auth().oauth2(token("admin")).when().delete(location).then().statusCode(204);
        given().auth().oauth2(token("agent")).when().get(location).then().statusCode(404).contentType("application/problem+json");

        String export = given().auth().oauth2(token("agent")).queryParam("from", from).queryParam("to", to)
                .when().get("/api/v1/kb/questions").then().statusCode(200).body("size()", equalTo(7)).extract().asString();
        assertFalse(export.contains("hanako@example.jp") || export.contains("Hanako") || export.contains("090-1234-5678"), export);
        assertTrue(export.contains("[email]") && export.contains("[name]") && export.contains("[phone]"), export);

        String raw = given().auth().oauth2(token("admin")).when().get("/api/v1/archive/tickets/" + base + "/events")
                .then().statusCode(200).body("rawPurgedAt", nullValue()).extract().asString();
        assertTrue(raw.contains("hanako@example.jp"), "the raw archive keeps the original: " + raw);
        given().auth().oauth2(token("admin")).when().get("/api/v1/archive/tickets/" + base + "/events").then()
                .body("events[0].data.ticketId", equalTo((int) base)); // each event's data as the object it was, not a string of it
        given().auth().oauth2(token("agent")).when().get("/api/v1/archive/tickets/" + base + "/events").then().statusCode(403);
        given().when().get("/api/v1/archive/tickets/" + base + "/events").then().statusCode(401);
        given().auth().oauth2(token("admin")).when().get("/api/v1/archive/tickets/1/events").then().statusCode(404);

        given().auth().oauth2(token("admin")).when().delete("/api/v1/kb/articles/" + article).then().statusCode(204);
        given().auth().oauth2(token("admin")).when().delete("/api/v1/kb/articles/" + article).then().statusCode(404);
    }

    @Test
    void aMiningIsReusedUntilATicketItReadOrAnArticleChanges() {
        String day = "2034-%02d-12".formatted(ThreadLocalRandom.current().nextInt(1, 13));
        long base = ThreadLocalRandom.current().nextLong(1_000_000, 1_000_000_000);
        String[] refunds = { "I was charged twice, please refund the duplicate charge", "Refund the double charge on my card please",
                "We paid twice by mistake and need a refund of one charge" };
        for (int i = 0; i < refunds.length; i++) {
            solvedTicket(base + i, "Refund", refunds[i], "Jiro Suzuki", "The duplicate charge is refunded.", null, day, i);
        }
        String from = day + "T00:00:00Z";
        String to = day + "T23:59:59Z";
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> candidates(from, to)
                .body("candidates.size()", equalTo(1)).body("candidates[0].size", equalTo(3)));

        // asked again, and drilled into: nothing changed, so nothing is mined again
        double computed = minings("computed");
        double reused = minings("reused");
        candidates(from, to).body("candidates[0].size", equalTo(3));
        given().auth().oauth2(token("agent")).queryParam("from", from).queryParam("to", to)
                .when().get("/api/v1/kb/candidates/" + base + "/tickets").then().statusCode(200).body("items.size()", equalTo(3));
        assertEquals(computed, minings("computed"));
        assertEquals(reused + 2, minings("reused"));

        // an article that covers it: the next answer is mined afresh and knows
        String article = "kb-refund-" + base;
        given().auth().oauth2(token("admin")).contentType("application/json")
                .body("{\"title\":\"Refunds of a duplicate charge\",\"body\":\"When you were charged twice we refund the duplicate charge "
                        + "to your card.\",\"url\":\"https://help.example.com/refund\"}")
                .when().put("/api/v1/kb/articles/" + article).then().statusCode(201);
        candidates(from, to).body("candidates.size()", equalTo(0)).body("covered[0].coverage.articleId", equalTo(article));
        assertEquals(computed + 1, minings("computed"));

        // one more ticket of the range solved: counted at once, although the range was mined a moment ago
        solvedTicket(base + 3, "Refund", "Please refund the second charge, we were billed twice", "Jiro Suzuki",
                "The duplicate charge is refunded.", null, day, 3);
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> candidates(from, to).body("covered[0].size", equalTo(4)));
        given().auth().oauth2(token("admin")).when().delete("/api/v1/kb/articles/" + article).then().statusCode(204);
        candidates(from, to).body("candidates.size()", equalTo(1)).body("candidates[0].size", equalTo(4));
    }

    @Test
    void japaneseAndEnglishQuestionsOnOneTopicAreOneCandidateAndAJapaneseArticleCoversThemAll() {
        // a year no other test writes: DashboardTest fills days of 2035 in the same database
        String day = "2040-%02d-14".formatted(ThreadLocalRandom.current().nextInt(1, 13));
        long base = ThreadLocalRandom.current().nextLong(1_000_000, 1_000_000_000);
        String[] refunds = { "二重に課金されたので返金してください", "カードに二回請求されています。返金をお願いします",
                "I was charged twice, please refund the duplicate charge", "Refund the double charge on my card please" };
        for (int i = 0; i < refunds.length; i++) {
            solvedTicket(base + i, i < 2 ? "返金" : "Refund", refunds[i], "Jiro Suzuki", "The duplicate charge is refunded.", null, day, i);
        }
        String from = day + "T00:00:00Z";
        String to = day + "T23:59:59Z";
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> candidates(from, to)
                .body("candidates.size()", equalTo(1)).body("candidates[0].size", equalTo(4))
                .body("candidates[0].label", hasItem("refund / 返金")));

        // a Japanese article alone covers the English questions too; its language and pair are kept and read back
        String article = "kb-ja-refund-" + base;
        given().auth().oauth2(token("admin")).contentType("application/json")
                .body("{\"title\":\"二重請求の返金\",\"body\":\"二重に課金された場合は、重複した分をカードに返金します。\","
                        + "\"url\":\"https://help.example.com/ja/refund\",\"language\":\"ja\",\"pair\":\"refund-" + base + "\"}")
                .when().put("/api/v1/kb/articles/" + article).then().statusCode(201)
                .body("language", equalTo("ja")).body("pair", equalTo("refund-" + base));
        candidates(from, to).body("candidates.size()", equalTo(0)).body("covered[0].size", equalTo(4))
                .body("covered[0].coverage.articleId", equalTo(article));

        // language and pair are part of what a mining depends on: changing only them mines again
        double computed = minings("computed");
        given().auth().oauth2(token("admin")).contentType("application/json")
                .body("{\"title\":\"二重請求の返金\",\"body\":\"二重に課金された場合は、重複した分をカードに返金します。\","
                        + "\"url\":\"https://help.example.com/ja/refund\",\"language\":\"ja\"}")
                .when().put("/api/v1/kb/articles/" + article).then().statusCode(200).body("pair", nullValue());
        candidates(from, to).body("covered[0].size", equalTo(4));
        assertEquals(computed + 1, minings("computed"));
        given().auth().oauth2(token("admin")).when().delete("/api/v1/kb/articles/" + article).then().statusCode(204);
    }

    private static io.restassured.response.ValidatableResponse candidates(String from, String to) {
        return given().auth().oauth2(token("agent")).queryParam("from", from).queryParam("to", to).queryParam("includeCovered", true)
                .when().get("/api/v1/kb/candidates").then().statusCode(200);
    }

    private double minings(String result) {
        return registry.get("madoguchi.kb.minings").tag("result", result).counter().count();
    }

    /** Ticket ids as the JSON path reads them (ints: every test ticket id stays below 2^31). */
    private static List<Integer> ids(long base, int... offsets) {
        return java.util.Arrays.stream(offsets).mapToObj(o -> (int) base + o).toList();
    }

    @Test
    void theTrendComparesTheTwoHalvesOfTheRange() {
        // [day 1, day 11): the earlier half ends at day 6 00:00, a ticket solved from then on is recent
        String month = "2039-%02d-".formatted(ThreadLocalRandom.current().nextInt(1, 13));
        long base = ThreadLocalRandom.current().nextLong(1_000_000, 1_000_000_000);
        // invoices: 1 earlier, 4 recent: (4 + 1) ÷ (1 + 1) = 2.5 ≥ 1.5, rising
        String[] invoices = { "We have not received this month's invoice, please resend the invoice",
                "Missing invoice for October, our accountant needs the invoice",
                "Invoice never arrived by email, could you send the invoice again?",
                "Where is the invoice for last month? No invoice was sent to us.",
                "The invoice did not arrive, please send the invoice once more" };
        int[] invoiceDays = { 2, 6, 7, 8, 9 };
        for (int i = 0; i < invoices.length; i++) {
            solvedTicket(base + i, "Invoice", invoices[i], "Ken Mori", "I have resent the invoice.", null, month + "%02d".formatted(invoiceDays[i]), i);
        }
        // cancellations: 4 earlier, 1 recent: (1 + 1) ÷ (4 + 1) = 0.4 ≤ 1 ÷ 1.5, falling
        String[] cancellations = { "How do I cancel my subscription? Please cancel the subscription.",
                "I want to cancel my subscription before the next renewal",
                "Cancel subscription request: please stop my subscription",
                "Can you cancel our subscription plan?",
                "Please cancel the subscription for our team account" };
        int[] cancellationDays = { 1, 2, 3, 4, 9 };
        for (int i = 0; i < cancellations.length; i++) {
            solvedTicket(base + 10 + i, "Subscription", cancellations[i], "Ken Mori", "Your subscription is cancelled.", null,
                    month + "%02d".formatted(cancellationDays[i]), i);
        }

        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(token("agent"))
                .queryParam("from", month + "01T00:00:00Z").queryParam("to", month + "11T00:00:00Z").queryParam("includeCovered", true)
                .when().get("/api/v1/kb/candidates")
                .then().statusCode(200)
                .body("ticketsMined", equalTo(10))
                .body("candidates.size()", equalTo(2))
                .body("covered.size()", equalTo(0))
                .body("candidates.find { it.label.contains('invoice') }.size", equalTo(5))
                .body("candidates.find { it.label.contains('invoice') }.earlier", equalTo(1))
                .body("candidates.find { it.label.contains('invoice') }.recent", equalTo(4))
                .body("candidates.find { it.label.contains('invoice') }.trend", equalTo("rising"))
                .body("candidates.find { it.label.contains('subscription') }.size", equalTo(5))
                .body("candidates.find { it.label.contains('subscription') }.earlier", equalTo(4))
                .body("candidates.find { it.label.contains('subscription') }.recent", equalTo(1))
                .body("candidates.find { it.label.contains('subscription') }.trend", equalTo("falling"))
                .body("formulas.trend", containsString("two halves")));
    }

    @Test
    void articlesAreValidatedAndOnlyAdminsChangeThem() {
        given().auth().oauth2(token("admin")).contentType("application/json").body("{\"title\":\"t\",\"body\":\"b\",\"url\":\"javascript:alert(1)\"}")
                .when().put("/api/v1/kb/articles/a1").then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(token("admin")).contentType("application/json").body("{\"title\":\"t\"}")
                .when().put("/api/v1/kb/articles/a1").then().statusCode(400);
        given().auth().oauth2(token("admin")).contentType("application/json").body("{\"title\":\"t\",\"body\":\"b\",\"url\":\"https://x.example\"}")
                .when().put("/api/v1/kb/articles/../etc").then().statusCode(404);
        given().auth().oauth2(token("admin")).contentType("application/json").body("{\"title\":\"t\",\"body\":\"b\",\"url\":\"https://x.example\"}")
                .when().put("/api/v1/kb/articles/bad%20id").then().statusCode(400);
        given().auth().oauth2(token("agent")).contentType("application/json").body("{\"title\":\"t\",\"body\":\"b\",\"url\":\"https://x.example\"}")
                .when().put("/api/v1/kb/articles/a1").then().statusCode(403);
        given().auth().oauth2(token("admin")).contentType("application/json")
                .body("{\"title\":\"t\",\"body\":\"b\",\"url\":\"https://x.example\",\"language\":\"japanese!\"}")
                .when().put("/api/v1/kb/articles/a1").then().statusCode(400).contentType("application/problem+json")
                .body(containsString("language tag"));
        given().auth().oauth2(token("admin")).contentType("application/json")
                .body("{\"title\":\"t\",\"body\":\"b\",\"url\":\"https://x.example\",\"language\":\"en\",\"pair\":\"a pair\"}")
                .when().put("/api/v1/kb/articles/a1").then().statusCode(400).contentType("application/problem+json")
                .body(containsString("1–64 letters"));
        given().auth().oauth2(token("agent")).queryParam("from", "yesterday").when().get("/api/v1/kb/candidates").then().statusCode(400);
    }

    @Test
    void afterRetentionTheRawHistoryIsGoneAndWhatIsKeptIsRedacted() throws Throwable {
        long id = ThreadLocalRandom.current().nextLong(1_000_000, 1_000_000_000);
        Instant closed = Instant.now().minus(Duration.ofDays(400));
        String day = closed.toString().substring(0, 10);
        solvedTicket(id, "Refund", "Please refund order 77, mail me at mei@example.com", "Mei Tanaka", "Refunded, Mei.", null, day, 0);
        send(id, "status-changed.v1", "{\"ticketId\":%d,\"from\":\"solved\",\"to\":\"closed\",\"changedAt\":\"%sT20:00:00Z\"}".formatted(id, day));
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(token("admin"))
                .when().get("/api/v1/archive/tickets/" + id + "/events").then().statusCode(200).body("events.size()", equalTo(4)));

        int purged = VertxContextSupport.subscribeAndAwait(() -> retention.purge(Instant.now()));
        assertTrue(purged >= 1);
        given().auth().oauth2(token("admin")).when().get("/api/v1/archive/tickets/" + id + "/events")
                .then().statusCode(200).body("events.size()", equalTo(0)).body("rawPurgedAt", not(nullValue()));
        try (Connection db = AnalyticsTestResource.database();
                ResultSet row = db.createStatement().executeQuery(
                        "SELECT question, answer, requester_name, requester_email, solved_at FROM ticket_summary WHERE ticket_id = " + id)) {
            assertTrue(row.next());
            assertEquals("Please refund order 77, mail me at [email]", row.getString("question"));
            assertEquals("Refunded, [name].", row.getString("answer"));
            assertEquals(null, row.getString("requester_name"));
            assertEquals(null, row.getString("requester_email"));
            assertTrue(row.getTimestamp("solved_at") != null, "the figures stay");
        }
        assertEquals(0, VertxContextSupport.subscribeAndAwait(() -> retention.purge(Instant.now())), "nothing is purged twice");
    }

    @Test
    void chatbotDeflectionsOnInquiriesAreRecordedOnce() throws Exception {
        UUID event = UUID.randomUUID();
        String deflected = """
                {"inquiryId":"%s","receivedAt":"2033-05-01T03:00:00Z","channel":"chat","source":"web","conversationKey":"chat:web/1",
                 "requester":{"channelUserId":"u1"},"body":"営業時間は？"}""".formatted(UUID.randomUUID());
        TestProducer.sendCloudEvent("inquiries.v1", "chat:web/1", event, "io.madoguchi.inquiry.deflected.v1", deflected);
        TestProducer.sendCloudEvent("inquiries.v1", "chat:web/1", event, "io.madoguchi.inquiry.deflected.v1", deflected);
        TestProducer.sendCloudEvent("inquiries.v1", "chat:web/2", UUID.randomUUID(), "io.madoguchi.inquiry.received.v1", "{}");
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            try (Connection db = AnalyticsTestResource.database();
                    ResultSet rows = db.createStatement().executeQuery("SELECT count(*), min(channel) FROM deflection WHERE inquiry_id = '" + event + "'")) {
                rows.next();
                assertEquals(1, rows.getInt(1));
                assertEquals("chat", rows.getString(2));
            }
        });
    }

    private static void solvedTicket(long id, String subject, String question, String name, String answer, String macro, String day, int hour) {
        String at = "%sT%02d:00:00Z".formatted(day, 8 + hour);
        send(id, "created.v1", """
                {"ticketId":%d,"conversationKey":"api:%d","status":"new","priority":"normal","channel":"email","subject":"%s",
                 "requester":{"channelUserId":"u%d","email":"someone@example.org","displayName":"%s"},"createdAt":"%s",
                 "message":{"messageId":1,"authorType":"requester","body":"%s"}}""".formatted(id, id, subject, id, name, at, question));
        send(id, "message-added.v1", """
                {"ticketId":%d,"message":{"messageId":2,"authorType":"agent","visibility":"public","channel":"email","body":"%s",
                 "createdAt":"%s"}}""".formatted(id, answer, at.replace(":00:00Z", ":20:00Z")));
        if (macro != null) {
            send(id, "macro-applied.v1", "{\"ticketId\":%d,\"macroId\":3,\"macroName\":\"%s\"}".formatted(id, macro));
        }
        send(id, "status-changed.v1", "{\"ticketId\":%d,\"from\":\"open\",\"to\":\"solved\",\"changedAt\":\"%s\"}"
                .formatted(id, at.replace(":00:00Z", ":40:00Z")));
    }

    private static void send(long ticketId, String type, String data) {
        TestProducer.sendCloudEvent("tickets.v1", Long.toString(ticketId), UUID.randomUUID(), T + type, data);
    }

    private static String token(String role) {
        return AnalyticsTestResource.tokens().mint("lead", Set.of(role), Duration.ofMinutes(5));
    }
}
