package io.madoguchi.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.madoguchi.chassis.testing.TestProducer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * An erased contact's ticket keeps its statistics in the archive but none of its text or requester; the erasure is
 * archived without the identities it names.
 */
@QuarkusTest
@WithTestResource(AnalyticsTestResource.class)
class ContactErasureTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void anErasedTicketKeepsItsFiguresWithoutTextOrRequester() throws Exception {
        long ticket = ThreadLocalRandom.current().nextLong(1_000_000, 1_000_000_000);
        String run = UUID.randomUUID().toString().substring(0, 8);
        send("tickets.v1", ticket, "io.madoguchi.ticket.created.v1", """
                {"ticketId":%d,"conversationKey":"email:<%s>","status":"new","priority":"normal","channel":"email","subject":"Refund %s",
                 "requester":{"channelUserId":"erika.%s@example.jp","email":"erika.%s@example.jp","displayName":"Erika %s"},
                 "createdAt":"2026-12-01T01:00:00Z","message":{"messageId":1,"authorType":"requester","visibility":"public",
                 "channel":"email","body":"charged twice %s","createdAt":"2026-12-01T01:00:00Z"}}""".formatted(ticket, run, run, run, run, run, run));
        send("tickets.v1", ticket, "io.madoguchi.ticket.message-added.v1", """
                {"ticketId":%d,"message":{"messageId":2,"authorType":"agent","authorId":"mei","visibility":"public","channel":"email",
                 "body":"Dear Erika %s, refunded","createdAt":"2026-12-01T02:00:00Z"}}""".formatted(ticket, run));
        send("escalations.v1", ticket, "io.madoguchi.escalation.sla-warning.v1", """
                {"ticketId":%d,"metric":"first-reply","priority":"normal","dueAt":"2026-12-01T05:00:00Z","percentUsed":75,
                 "warnedAt":"2026-12-01T04:00:00Z"}""".formatted(ticket));
        send("tickets.v1", ticket, "io.madoguchi.ticket.assigned.v1", """
                {"ticketId":%d,"queue":"billing","assignee":"mei","rule":"billing","assignedAt":"2026-12-01T01:00:02Z"}""".formatted(ticket));
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> rows(ticket).size() == 4);
        assertTrue(summary(ticket).contains(run), "the summary keeps the text for mining until the erasure: " + summary(ticket));

        UUID quoting = draft(ticket, ticket + 1), other = draft(ticket + 1, ticket + 2);

        ObjectNode erasure = (ObjectNode) JSON.readTree(Files.readString(Path.of(
                "../ticket-service/src/main/resources/META-INF/resources/schemas/io.madoguchi.ticket.contact-erased.v1.json"))).at("/examples/0");
        erasure.put("ticketId", ticket);
        send("tickets.v1", ticket, "io.madoguchi.ticket.contact-erased.v1", erasure.toString());

        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> rows(ticket).size() == 2);
        List<String> kept = rows(ticket);
        assertTrue(kept.stream().anyMatch(row -> row.startsWith("io.madoguchi.escalation.sla-warning.v1")), kept.toString());
        String archived = kept.stream().filter(row -> row.startsWith("io.madoguchi.ticket.contact-erased.v1")).findFirst().orElseThrow();
        assertTrue(!archived.contains("identityHashes") && !archived.contains("inquiryIds") && archived.contains("contactId"), archived);
        assertEquals("billing|email|2", summary(ticket), "figures stay, text and requester go (NULLs are left out)");
        assertEquals(List.of(other), drafts(quoting, other), "an article draft that quotes the ticket goes, another stays");
    }

    private static void send(String topic, long ticket, String type, String data) {
        TestProducer.sendCloudEvent(topic, Long.toString(ticket), UUID.randomUUID(), type, data);
    }

    /** "type data" of the ticket's archived events. */
    private static List<String> rows(long ticket) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection db = AnalyticsTestResource.database();
                PreparedStatement query = db.prepareStatement("SELECT event_type || ' ' || data::text FROM ticket_event WHERE ticket_id = ?")) {
            query.setLong(1, ticket);
            try (ResultSet found = query.executeQuery()) {
                while (found.next()) {
                    rows.add(found.getString(1));
                }
            }
        }
        return rows;
    }

    /** An article draft drawn from these tickets, as the knowledge-base API stores one; its id. */
    private static UUID draft(long... tickets) throws SQLException {
        UUID id = UUID.randomUUID();
        try (Connection db = AnalyticsTestResource.database(); PreparedStatement insert = db.prepareStatement(
                "INSERT INTO article_draft (id, candidate_id, range_from, range_to, title, languages, markdown, ticket_ids, created_by)"
                        + " VALUES (?, ?, now(), now(), 'Refunds', 'en', '# Refunds', ?, 'lead')")) {
            insert.setObject(1, id);
            insert.setLong(2, tickets[0]);
            insert.setArray(3, db.createArrayOf("bigint", java.util.Arrays.stream(tickets).boxed().toArray()));
            insert.executeUpdate();
        }
        return id;
    }

    private static List<UUID> drafts(UUID... ids) throws SQLException {
        List<UUID> found = new ArrayList<>();
        try (Connection db = AnalyticsTestResource.database();
                PreparedStatement query = db.prepareStatement("SELECT id FROM article_draft WHERE id = ANY(?) ORDER BY id")) {
            query.setArray(1, db.createArrayOf("uuid", ids));
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    found.add(rows.getObject(1, UUID.class));
                }
            }
        }
        return found;
    }

    private static String summary(long ticket) throws SQLException {
        try (Connection db = AnalyticsTestResource.database(); PreparedStatement query = db.prepareStatement(
                "SELECT concat_ws('|', queue, channel, messages, subject, question, answer, requester_name, requester_email)"
                        + " FROM ticket_summary WHERE ticket_id = ?")) {
            query.setLong(1, ticket);
            try (ResultSet found = query.executeQuery()) {
                return found.next() ? found.getString(1) : "";
            }
        }
    }
}
