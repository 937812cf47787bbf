package io.madoguchi.ticket;

import static io.madoguchi.chassis.testing.ConsumerProbes.count;
import static io.madoguchi.chassis.testing.ConsumerProbes.deadLetters;
import static io.madoguchi.chassis.testing.ConsumerProbes.rows;
import static io.madoguchi.chassis.testing.ConsumerProbes.uuids;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import io.madoguchi.chassis.testing.EventBurst;
import io.madoguchi.chassis.testing.TestProducer;
import io.madoguchi.chassis.testing.TopicReader;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * inquiries.v1 is applied a poll batch at a time, set-based: one transaction per batch, one statement per table.
 * Each burst is one produce request to one partition, so the consumer gets it in one poll. Rows of one transaction
 * share their {@code xmin}; rows of one statement within it share their {@code cmin} too.
 */
@QuarkusTest
@WithTestResource(TicketTestResource.class)
class InquiryBatchTest {

    private static final String TOPIC = "inquiries.v1";
    private static final String RECEIVED = "io.madoguchi.inquiry.received.v1";

    @Test
    void aFollowUpJoinsTheTicketAnEarlierInquiryOfTheSameBatchCreatedAndEachTableIsWrittenByOneStatement() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String slackThread = "slack:T1/C1/" + run;
        String mailRoot = "<root-" + run + "@mail.example.jp>";
        UUID first = UUID.randomUUID(), followUp = UUID.randomUUID(), mail = UUID.randomUUID(), reply = UUID.randomUUID(),
                other = UUID.randomUUID();
        EventBurst burst = new EventBurst(TOPIC);
        burst.add(run, RECEIVED, slack(first, slackThread, "U-" + run, "The app crashes"));
        burst.add(run, RECEIVED, slack(followUp, slackThread, "U-" + run, "On every start"));
        burst.add(run, RECEIVED, email(mail, "email:" + mailRoot, "kana-" + run + "@example.jp", mailRoot, null, "Invoice"));
        // a reply by In-Reply-To to the mail just before it, though on another conversation key
        burst.add(run, RECEIVED, email(reply, "email:<other-" + run + ">", "kana-" + run + "@example.jp", "<reply-" + run + "@x>",
                mailRoot, "Re: Invoice"));
        // the same Slack thread, another user: a ticket of their own
        burst.add(run, RECEIVED, slack(other, slackThread, "U2-" + run, "Me too"));
        burst.send();

        List<UUID> inquiries = List.of(first, followUp, mail, reply, other);
        awaitMessages(inquiries);
        assertEquals(ticketOf(first), ticketOf(followUp));
        assertEquals(ticketOf(mail), ticketOf(reply));
        assertNotEquals(ticketOf(first), ticketOf(other));
        assertNotEquals(ticketOf(first), ticketOf(mail));
        try (Connection db = TicketTestResource.database()) {
            assertEquals(3, count(db, "SELECT count(DISTINCT ticket_id) FROM ticket_message WHERE inquiry_id = ANY(?)", uuids(db, inquiries)));
            // one transaction wrote the batch, and each table's rows came from one statement
            assertEquals(List.of("1 1"), rows(db, "SELECT count(DISTINCT xmin::text) || ' ' || count(DISTINCT cmin::text)"
                    + " FROM ticket_message WHERE inquiry_id = ANY(?)", uuids(db, inquiries)));
            assertEquals(List.of("1 1"), rows(db, "SELECT count(DISTINCT t.xmin::text) || ' ' || count(DISTINCT t.cmin::text) FROM ticket t"
                    + " WHERE t.id IN (SELECT ticket_id FROM ticket_message WHERE inquiry_id = ANY(?))", uuids(db, inquiries)));
            assertEquals(1, count(db, "SELECT count(*) FROM outbox"
                    + " WHERE record_keys && ARRAY(SELECT ticket_id::text FROM ticket_message WHERE inquiry_id = ANY(?))", uuids(db, inquiries)),
                    "the batch's events are one outbox row");
            // created, added, created, added, created: in the batch's order, each ticket's events in its own order
            assertEquals(List.of("created " + ticketOf(first), "message-added " + ticketOf(first), "created " + ticketOf(mail),
                            "message-added " + ticketOf(mail), "created " + ticketOf(other)),
                    rows(db, "SELECT replace(replace(event_type, 'io.madoguchi.ticket.', ''), '.v1', '') || ' ' || record_key FROM outbox_entry"
                            + " WHERE record_key IN (SELECT ticket_id::text FROM ticket_message WHERE inquiry_id = ANY(?)) ORDER BY sequence",
                            uuids(db, inquiries)));
            assertEquals(0, count(db, "SELECT count(*) FROM processed_event WHERE event_id = ANY(?)", uuids(db, burst.ids())),
                    "an inquiry's message is its idempotency mark; no row of its own");
        }
    }

    @Test
    void aVerifiedAddressJoinsTheContactAnEarlierInquiryOfTheBatchCreatedWhileAClaimedOneDoesNot() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String address = "ren-" + run + "@example.jp";
        UUID bySlack = UUID.randomUUID(), byMail = UUID.randomUUID(), byForm = UUID.randomUUID();
        EventBurst burst = new EventBurst(TOPIC);
        burst.add(run, RECEIVED, """
                {"inquiryId":"%s","receivedAt":"%s","channel":"slack","conversationKey":"slack:T1/C2/%s",
                 "requester":{"channelUserId":"U-%s","email":"%s","displayName":"Ren"},"subject":"Login","body":"Cannot log in"}
                """.formatted(bySlack, Instant.now(), run, run, address));
        burst.add(run, RECEIVED, email(byMail, "email:<m-" + run + ">", address, "<m-" + run + ">", null, "Login"));
        burst.add(run, RECEIVED, """
                {"inquiryId":"%s","receivedAt":"%s","channel":"form","conversationKey":"form:%s",
                 "requester":{"email":"%s","displayName":"Someone"},"subject":"Login","body":"Me as well"}
                """.formatted(byForm, Instant.now(), run, address));
        burst.send();

        awaitMessages(List.of(bySlack, byMail, byForm));
        assertEquals(contactOf(bySlack), contactOf(byMail), "mail from the address proves it: one contact");
        assertNotEquals(contactOf(bySlack), contactOf(byForm), "a form only claims the address");
        try (Connection db = TicketTestResource.database()) {
            assertEquals(List.of("email true", "slack true"), rows(db, "SELECT kind || ' ' || verified FROM contact_identity"
                    + " WHERE contact_id = ? ORDER BY kind", contactOf(bySlack)));
            assertEquals(2, count(db, "SELECT count(*) FROM contact WHERE id IN (?, ?)", contactOf(bySlack), contactOf(byForm)));
        }
    }

    @Test
    void poisonInTheMiddleIsDeadLetteredAloneAndTheRestOfTheBatchIsAppliedTogether() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        UUID before = UUID.randomUUID(), after = UUID.randomUUID();
        EventBurst burst = new EventBurst(TOPIC);
        burst.add(run, RECEIVED, slack(before, "slack:T1/C3/" + run, "U-" + run, "before"));
        UUID poison = burst.add(run, RECEIVED, "{\"inquiryId\":\"" + UUID.randomUUID() + "\",\"channel\":\"slack\"}");
        burst.add(run, RECEIVED, slack(after, "slack:T1/C3/" + run, "U-" + run, "after"));
        burst.send();

        awaitMessages(List.of(before, after));
        assertEquals(ticketOf(before), ticketOf(after));
        try (Connection db = TicketTestResource.database()) {
            assertEquals(1, count(db, "SELECT count(DISTINCT xmin::text) FROM ticket_message WHERE inquiry_id = ANY(?)",
                    uuids(db, List.of(before, after))));
        }
        List<ConsumerRecord<String, String>> dead = awaitDeadLetters(run, 1);
        assertEquals(poison.toString(), TopicReader.header(dead.get(0), "ce_id"));
    }

    @Test
    void aBatchTheDatabaseRefusesIsAppliedOneByOneAndOnlyTheRefusedInquiryIsDeadLettered() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        UUID a = UUID.randomUUID(), refused = UUID.randomUUID(), b = UUID.randomUUID();
        EventBurst burst = new EventBurst(TOPIC);
        burst.add(run, RECEIVED, slack(a, "slack:T1/C4/" + run, "U-" + run, "first"));
        // a channel name longer than its column: valid JSON, refused by PostgreSQL (SQLSTATE 22001)
        UUID refusedEvent = burst.add(run, RECEIVED, slack(refused, "slack:T1/C4/" + run, "U-" + run, "second")
                .replace("\"channel\":\"slack\"", "\"channel\":\"" + "x".repeat(40) + "\""));
        burst.add(run, RECEIVED, slack(b, "slack:T1/C4/" + run, "U-" + run, "third"));
        burst.send();

        awaitMessages(List.of(a, b));
        List<ConsumerRecord<String, String>> dead = awaitDeadLetters(run, 1);
        assertEquals(refusedEvent.toString(), TopicReader.header(dead.get(0), "ce_id"));
        assertTrue(TopicReader.header(dead.get(0), "dead-letter-reason").startsWith("rejected by the database"));
        assertEquals(ticketOf(a), ticketOf(b), "the third still follows the first, applied one by one");
        try (Connection db = TicketTestResource.database()) {
            assertEquals(2, count(db, "SELECT count(DISTINCT xmin::text) FROM ticket_message WHERE inquiry_id = ANY(?)", uuids(db, List.of(a, b))),
                    "the batch was rolled back and its inquiries applied one by one");
            assertEquals(0, count(db, "SELECT count(*) FROM ticket_message WHERE inquiry_id = ?", refused));
            assertEquals(List.of("created", "message-added"), rows(db, "SELECT replace(replace(event_type, 'io.madoguchi.ticket.', ''), '.v1', '')"
                    + " FROM outbox_entry WHERE record_key = ? ORDER BY sequence", Long.toString(ticketOf(a))));
        }
    }

    @Test
    void aRedeliveredBatchChangesNothing() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        UUID a = UUID.randomUUID(), b = UUID.randomUUID(), c = UUID.randomUUID();
        EventBurst burst = new EventBurst(TOPIC);
        burst.add(run, RECEIVED, slack(a, "slack:T1/C5/" + run, "U-" + run, "first"));
        burst.add(run, RECEIVED, slack(b, "slack:T1/C5/" + run, "U-" + run, "second"));
        burst.add(run, RECEIVED, slack(c, "slack:T1/C6/" + run, "U-" + run, "elsewhere"));
        burst.send();
        List<UUID> inquiries = List.of(a, b, c);
        awaitMessages(inquiries);
        String state = state(inquiries);

        burst.send();
        // a marker after the redelivery, on the same key and partition: once it is applied, so is the redelivered batch
        UUID marker = UUID.randomUUID();
        TestProducer.sendCloudEvent(TOPIC, run, UUID.randomUUID(), RECEIVED, slack(marker, "slack:T1/C7/" + run, "U-" + run, "marker"));
        awaitMessages(List.of(marker));

        assertEquals(state, state(inquiries), "the same inquiries again: no message, ticket or announcement more");
    }

    @Test
    void ticketNumbersOfBatchesOneAfterAnotherDoNotJumpByABlockOfIds() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        UUID first = UUID.randomUUID(), second = UUID.randomUUID();
        TestProducer.sendCloudEvent(TOPIC, run, UUID.randomUUID(), RECEIVED, slack(first, "slack:T1/C8/" + run, "U-" + run, "one"));
        awaitMessages(List.of(first));
        TestProducer.sendCloudEvent(TOPIC, run, UUID.randomUUID(), RECEIVED, slack(second, "slack:T1/C9/" + run, "U-" + run, "two"));
        awaitMessages(List.of(second));
        long gap = ticketOf(second) - ticketOf(first);
        assertTrue(gap > 0 && gap < 50, "the second batch's ticket is " + gap + " after the first's");
    }

    private static String slack(UUID inquiryId, String conversationKey, String user, String body) {
        return """
                {"inquiryId":"%s","receivedAt":"%s","channel":"slack","conversationKey":"%s",
                 "requester":{"channelUserId":"%s","displayName":"Slack user"},"subject":null,"body":"%s"}
                """.formatted(inquiryId, Instant.now(), conversationKey, user, body);
    }

    private static String email(UUID inquiryId, String conversationKey, String from, String messageId, String inReplyTo, String subject) {
        return """
                {"inquiryId":"%s","receivedAt":"%s","channel":"email","conversationKey":"%s",
                 "requester":{"channelUserId":"%s","email":"%s","displayName":"Mail user"},
                 "threadRefs":{"messageId":"%s","inReplyTo":%s,"references":[]},"subject":"%s","body":"mail body"}
                """.formatted(inquiryId, Instant.now(), conversationKey, from, from, messageId,
                inReplyTo == null ? "null" : "\"" + inReplyTo + "\"", subject);
    }

    private static void awaitMessages(List<UUID> inquiries) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
            try (Connection db = TicketTestResource.database()) {
                return count(db, "SELECT count(*) FROM ticket_message WHERE inquiry_id = ANY(?)", uuids(db, inquiries)) == inquiries.size();
            }
        });
    }

    private static List<ConsumerRecord<String, String>> awaitDeadLetters(String key, int expected) {
        await().atMost(Duration.ofSeconds(30)).until(() -> deadLetters(TOPIC, key).size() >= expected);
        List<ConsumerRecord<String, String>> dead = deadLetters(TOPIC, key);
        assertEquals(expected, dead.size());
        return dead;
    }

    private static long ticketOf(UUID inquiryId) throws SQLException {
        try (Connection db = TicketTestResource.database()) {
            return count(db, "SELECT ticket_id FROM ticket_message WHERE inquiry_id = ?", inquiryId);
        }
    }

    private static long contactOf(UUID inquiryId) throws SQLException {
        try (Connection db = TicketTestResource.database()) {
            return count(db, "SELECT t.contact_id FROM ticket t JOIN ticket_message m ON m.ticket_id = t.id WHERE m.inquiry_id = ?", inquiryId);
        }
    }

    /** Messages, tickets and outbox rows of these inquiries' tickets. */
    private static String state(List<UUID> inquiries) throws SQLException {
        try (Connection db = TicketTestResource.database()) {
            return String.join("\n", rows(db, "SELECT 'message ' || m.id || ' ' || m.ticket_id || ' ' || m.body FROM ticket_message m"
                    + " WHERE m.ticket_id IN (SELECT ticket_id FROM ticket_message WHERE inquiry_id = ANY(?))"
                    + " UNION ALL SELECT 'ticket ' || t.id || ' ' || t.status || ' ' || t.version FROM ticket t"
                    + " WHERE t.id IN (SELECT ticket_id FROM ticket_message WHERE inquiry_id = ANY(?))"
                    + " UNION ALL SELECT 'outbox ' || o.sequence || ' ' || o.event_type FROM outbox_entry o"
                    + " WHERE o.record_key IN (SELECT ticket_id::text FROM ticket_message WHERE inquiry_id = ANY(?)) ORDER BY 1",
                    uuids(db, inquiries), uuids(db, inquiries), uuids(db, inquiries)));
        }
    }
}
