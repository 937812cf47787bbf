package io.madoguchi.ingest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.madoguchi.chassis.cloudevents.CloudEventHeaders;
import io.madoguchi.chassis.outbox.Outbox;
import io.madoguchi.chassis.testing.TopicReader;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
@WithTestResource(IngestTestResource.class)
class AdminAndDurabilityTest {

    /**
     * While another relay holds the outbox (this test holds its lock), accepted inquiries cannot be published. They
     * are committed all the same, and once the lock is free every one of them reaches the topic exactly once.
     */
    @Test
    void inquiriesAcceptedWhileTheRelayCannotPublishArriveExactlyOnceAfterwards() throws Exception {
        String run = UUID.randomUUID().toString();
        List<String> ids = new ArrayList<>();
        try (Connection lockHolder = IngestTestResource.database(); Statement s = lockHolder.createStatement()) {
            s.execute("SELECT pg_advisory_lock(hashtext('outbox_relay'))");
            for (int i = 0; i < 20; i++) {
                ids.add(given().contentType(ContentType.JSON).header("X-Api-Key", "test-ingest-key")
                        .body("{\"channel\":\"api\",\"requester\":{\"id\":\"c-" + i + "\"},\"body\":\"held " + run + " #" + i + "\"}")
                        .when().post("/api/v1/inquiries").then().statusCode(202).extract().path("inquiryId"));
            }
            assertTrue(InquiryEvents.publishedSoFar(run).isEmpty(), "nothing can leave while the outbox is held");
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM outbox_entry WHERE id > (SELECT sent_through FROM outbox_position) AND payload LIKE '%" + run + "%'")) {
                rs.next();
                assertEquals(20, rs.getInt(1), "every acknowledged inquiry is committed, waiting in the outbox");
            }
            s.execute("SELECT pg_advisory_unlock(hashtext('outbox_relay'))");
        }
        List<ConsumerRecord<String, String>> events = InquiryEvents.mentioning(run, 20);
        Map<String, Long> perInquiry = events.stream()
                .collect(Collectors.groupingBy(e -> InquiryEvents.data(e).get("inquiryId").asText(), Collectors.counting()));
        assertEquals(ids.stream().collect(Collectors.toSet()), perInquiry.keySet());
        assertTrue(perInquiry.values().stream().allMatch(n -> n == 1), "exactly once each: " + perInquiry);
    }

    /**
     * An outbox row takes its id when it is written, so a transaction that commits late holds a smaller id than rows
     * committed meanwhile. The relay holds those back until it ends, then publishes everything exactly once; an id
     * whose transaction rolled back does not stop it.
     */
    @Test
    void aRowCommittedAfterLaterRowsIsPublishedAndARolledBackOneLeavesNoHoleThatStopsTheRelay() throws Exception {
        String run = UUID.randomUUID().toString();
        String first = accept("first " + run);
        InquiryEvents.mentioning(run, 1);
        String late = UUID.randomUUID().toString();
        List<String> afterwards = new ArrayList<>();
        try (Connection lateWriter = IngestTestResource.database(); Connection abandoned = IngestTestResource.database()) {
            lateWriter.setAutoCommit(false);
            abandoned.setAutoCommit(false);
            copyOutboxRow(lateWriter, first, late);
            copyOutboxRow(abandoned, first, UUID.randomUUID().toString());
            for (int i = 0; i < 3; i++) {
                afterwards.add(accept("afterwards " + run + " #" + i));
            }
            Awaitility.await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                    .until(() -> InquiryEvents.publishedSoFar(run).size() == 1);
            abandoned.rollback();
            lateWriter.commit();
        }
        Map<String, Long> perInquiry = InquiryEvents.mentioning(run, 5).stream()
                .collect(Collectors.groupingBy(e -> InquiryEvents.data(e).get("inquiryId").asText(), Collectors.counting()));
        List<String> expected = new ArrayList<>(List.of(first, late));
        expected.addAll(afterwards);
        assertEquals(Set.copyOf(expected), perInquiry.keySet(), "the rolled-back row is never published");
        assertTrue(perInquiry.values().stream().allMatch(n -> n == 1), "exactly once each: " + perInquiry);
    }

    /**
     * Each event goes out with its place in the outbox as its ce_sequence (its row's id × 1024 + its place in the row),
     * ascending in the order published; before its first batch the relay raised the ids' sequence to the clock in
     * microseconds, so ids restored from a backup never come again.
     */
    @Test
    void eachEventCarriesItsPlaceInTheOutboxAsItsSequenceRaisedToTheClock() throws Exception {
        String run = UUID.randomUUID().toString();
        String first = accept("sequenced " + run + " #1");
        String second = accept("sequenced " + run + " #2");
        List<ConsumerRecord<String, String>> events = InquiryEvents.mentioning(run, 2);
        try (Connection db = IngestTestResource.database(); Statement s = db.createStatement()) {
            for (ConsumerRecord<String, String> event : events) {
                String inquiry = InquiryEvents.data(event).get("inquiryId").asText();
                long sequence = single(s, "SELECT sequence FROM outbox_entry WHERE topic = 'inquiries.v1' AND strpos(payload, '" + inquiry + "') > 0");
                assertEquals(CloudEventHeaders.sequence(sequence), TopicReader.header(event, CloudEventHeaders.SEQUENCE));
                long id = sequence / Outbox.MAX_EVENTS_PER_ROW;
                assertTrue(id > 1_600_000_000_000_000L, "the ids' sequence was raised to the clock in microseconds: " + id);
            }
        }
        Map<String, String> sequences = events.stream().collect(Collectors.toMap(e -> InquiryEvents.data(e).get("inquiryId").asText(),
                e -> TopicReader.header(e, CloudEventHeaders.SEQUENCE)));
        assertTrue(sequences.get(first).compareTo(sequences.get(second)) < 0, "the later write, the greater sequence, as text: " + sequences);
    }

    /**
     * The relay may pass every id below the lowest floor of the transactions writing outbox rows now (the sequence's
     * value before each began), and none when a writer holds the writers' lock without a floor, as one that began
     * under the previous release's trigger does. Ids here are past 32 bits: the floor is spelt by two lock keys.
     */
    @Test
    void theOutboxIsSettledUpToTheLowestFloorOfItsOpenWriters() throws Exception {
        try (Connection db = IngestTestResource.database(); Connection older = IngestTestResource.database();
                Connection newer = IngestTestResource.database(); Connection withoutFloor = IngestTestResource.database();
                Statement s = db.createStatement()) {
            s.execute("SELECT setval('outbox_event_id_seq', greatest(last_value, 5000000000)) FROM outbox_event_id_seq");
            older.setAutoCommit(false);
            newer.setAutoCommit(false);
            withoutFloor.setAutoCommit(false);
            long before = single(s, "SELECT last_value FROM outbox_event_id_seq");
            long olderId = writeOutboxRow(older);
            writeOutboxRow(older);
            long newerId = writeOutboxRow(newer);
            long olderPid;
            try (Statement pid = older.createStatement(); ResultSet rs = pid.executeQuery("SELECT pg_backend_pid()")) {
                rs.next();
                olderPid = rs.getLong(1);
            }
            assertEquals(1, single(s, "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND objsubid = 2 AND classid >= 1835099248"
                    + " AND pid = " + olderPid), "one floor per transaction, however many statements wrote rows");
            long settled = single(s, "SELECT settled_through FROM outbox_settled()");
            assertTrue(settled >= before && settled < olderId, "settled " + settled + " below the older writer's first id " + olderId);
            older.rollback();
            settled = single(s, "SELECT settled_through FROM outbox_settled()");
            assertTrue(settled >= olderId && settled < newerId, "settled " + settled + " up to the newer writer's floor, below " + newerId);
            try (Statement lock = withoutFloor.createStatement()) {
                lock.execute("SELECT pg_advisory_xact_lock_shared(1835099247, 1)");
            }
            try (ResultSet rs = s.executeQuery("SELECT settled_through FROM outbox_settled()")) {
                rs.next();
                assertEquals(null, rs.getObject(1), "a writer without a floor may hold any id");
            }
            withoutFloor.rollback();
            newer.rollback();
            assertTrue(single(s, "SELECT settled_through FROM outbox_settled()") >= newerId, "nothing holds back the rolled-back ids");
        }
    }

    /**
     * A row holding more events than a relay batch (500 here) goes out whole and in its order, then the row after it;
     * each event's sequence is its row's id × 1,024 + its place in the row.
     */
    @Test
    void aRowOfMoreEventsThanARelayBatchLeavesWholeInOrderBeforeTheNextRow() throws Exception {
        String key = "relay-" + UUID.randomUUID();
        long first;
        long second;
        try (Connection db = IngestTestResource.database(); Statement s = db.createStatement()) {
            db.setAutoCommit(false);
            first = single(s, packedRow(key, 1024, 0));
            second = single(s, packedRow(key, 3, 1024));
            db.commit();
        }
        List<ConsumerRecord<String, String>> events = TopicReader.readUntil("inquiries.v1.dlq",
                records -> records.stream().filter(r -> key.equals(r.key())).count() >= 1027, Duration.ofSeconds(30)).stream()
                .filter(r -> key.equals(r.key())).toList();
        assertEquals(1027, events.size(), "every event of both rows, once");
        for (int i = 0; i < events.size(); i++) {
            ConsumerRecord<String, String> event = events.get(i);
            assertEquals("{\"n\":" + i + "}", event.value(), "in the order written");
            long sequence = i < 1024 ? first * Outbox.MAX_EVENTS_PER_ROW + i : second * Outbox.MAX_EVENTS_PER_ROW + i - 1024;
            assertEquals(CloudEventHeaders.sequence(sequence), TopicReader.header(event, CloudEventHeaders.SEQUENCE));
        }
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> {
            try (Connection db = IngestTestResource.database(); Statement s = db.createStatement()) {
                return single(s, "SELECT sent_through FROM outbox_position") >= second;
            }
        });
    }

    /** A row the relay could not publish (arrays of other lengths, an event without a time) is refused when written. */
    @Test
    void theOutboxRefusesARowTheRelayCouldNotPublish() throws Exception {
        try (Connection db = IngestTestResource.database(); Statement s = db.createStatement()) {
            for (String[] row : List.of(new String[] {"2", "ARRAY[now()]"}, new String[] {"1", "ARRAY[NULL::timestamptz]"})) {
                var refused = assertThrows(SQLException.class, () -> s.execute("""
                        INSERT INTO outbox (events, event_ids, topics, record_keys, event_types, event_sources, event_subjects,
                                            event_times, payloads, traceparents)
                        VALUES (%s, ARRAY[gen_random_uuid()], '{inquiries.v1.dlq}', '{k}', '{t}', '{s}', '{NULL}', %s, ARRAY['{}'],
                                '{NULL}')""".formatted(row[0], row[1])));
                assertEquals("23514", refused.getSQLState(), "a check violation: " + refused.getMessage());
            }
        }
    }

    /**
     * A pod of the previous release, still running during a rolling update, writes {@code outbox_event} as it did (a
     * single row by the ORM, with RETURNING id; a batch by INSERT … SELECT): each event becomes a row of the outbox and
     * is published in order. Its relay, which reads {@code outbox_event}, fails instead of publishing or moving the
     * position, and so does its erasure.
     */
    @Test
    void eventsWrittenByThePreviousReleaseArePublishedAndItsRelayCannotRead() throws Exception {
        String key = "previous-" + UUID.randomUUID();
        List<Long> ids = new ArrayList<>();
        try (Connection db = IngestTestResource.database()) {
            db.setAutoCommit(false);
            try (var single = db.prepareStatement("""
                    insert into outbox_event (event_id, event_source, event_subject, event_time, event_type, payload, record_key, topic,
                                              traceparent)
                    values (?, '/ingest-service/test', null, now(), 'io.madoguchi.test.relay.v1', '{"n":0}', ?, 'inquiries.v1.dlq', null)
                    returning id""")) {
                single.setObject(1, UUID.randomUUID());
                single.setString(2, key);
                try (ResultSet rs = single.executeQuery()) {
                    rs.next();
                    ids.add(rs.getLong(1));
                }
            }
            try (var batch = db.prepareStatement("""
                    INSERT INTO outbox_event (event_id, topic, record_key, event_type, event_source, event_subject, event_time, payload,
                                              traceparent)
                    SELECT e, 'inquiries.v1.dlq', ?, 'io.madoguchi.test.relay.v1', '/ingest-service/test', NULL, now(), p, NULL
                    FROM unnest(?::uuid[], ?::text[]) WITH ORDINALITY AS u(e, p, n) ORDER BY n""")) {
                batch.setString(1, key);
                batch.setArray(2, db.createArrayOf("uuid", new UUID[] {UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID()}));
                batch.setArray(3, db.createArrayOf("text", new String[] {"{\"n\":1}", "{\"n\":2}", "{\"n\":3}"}));
                assertEquals(3, batch.executeUpdate());
            }
            try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery(
                    "SELECT id, events FROM outbox WHERE record_keys = ARRAY['" + key + "'] ORDER BY id")) {
                int rows = 0;
                while (rs.next()) {
                    assertEquals(1, rs.getInt("events"), "an event a row");
                    if (rows++ > 0) {
                        ids.add(rs.getLong("id"));
                    }
                }
                assertEquals(4, rows);
            }
            db.commit();
        }
        List<ConsumerRecord<String, String>> events = TopicReader.readUntil("inquiries.v1.dlq",
                records -> records.stream().filter(r -> key.equals(r.key())).count() >= 4, Duration.ofSeconds(30)).stream()
                .filter(r -> key.equals(r.key())).toList();
        assertEquals(4, events.size(), "every event, once");
        for (int i = 0; i < 4; i++) {
            assertEquals("{\"n\":" + i + "}", events.get(i).value(), "in the order written");
            assertEquals(CloudEventHeaders.sequence(ids.get(i) * Outbox.MAX_EVENTS_PER_ROW),
                    TopicReader.header(events.get(i), CloudEventHeaders.SEQUENCE));
        }
        try (Connection db = IngestTestResource.database(); Statement s = db.createStatement()) {
            var read = assertThrows(SQLException.class,
                    () -> s.executeQuery("SELECT id, payload FROM outbox_event WHERE id > 0 ORDER BY id LIMIT 500"));
            assertTrue(read.getMessage().contains("outbox_event is write-only"), read.getMessage());
            assertThrows(SQLException.class,
                    () -> s.executeUpdate("DELETE FROM outbox_event WHERE record_key IN ('" + key + "')"));
        }
    }

    /** An outbox row of {@code events} events keyed {@code key} whose payloads number them from {@code from}; tells its id. */
    private static String packedRow(String key, int events, int from) {
        return """
                INSERT INTO outbox (events, event_ids, topics, record_keys, event_types, event_sources, event_subjects, event_times,
                                    payloads, traceparents)
                SELECT count(*), array_agg(gen_random_uuid() ORDER BY n), array_agg('inquiries.v1.dlq'::text ORDER BY n),
                       array_agg('%1$s'::text ORDER BY n), array_agg('io.madoguchi.test.relay.v1'::text ORDER BY n),
                       array_agg('/ingest-service/test'::text ORDER BY n), array_agg(NULL::text ORDER BY n), array_agg(now() ORDER BY n),
                       array_agg('{"n":' || n || '}' ORDER BY n), array_agg(NULL::text ORDER BY n)
                FROM generate_series(%2$d, %3$d) AS n
                RETURNING id""".formatted(key, from, from + events - 1);
    }

    private static long single(Statement s, String query) throws Exception {
        try (ResultSet rs = s.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Writes, uncommitted, an outbox row that is never published, and tells its id. */
    private static long writeOutboxRow(Connection db) throws Exception {
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("""
                INSERT INTO outbox (events, event_ids, topics, record_keys, event_types, event_sources, event_subjects, event_times,
                                    payloads, traceparents)
                VALUES (1, ARRAY[gen_random_uuid()], '{inquiries.v1}', '{k}', '{t}', '{s}', '{NULL}', ARRAY[now()], ARRAY['{}'], '{NULL}')
                RETURNING id""")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String accept(String body) {
        return given().contentType(ContentType.JSON).header("X-Api-Key", "test-ingest-key")
                .body("{\"channel\":\"api\",\"requester\":{\"id\":\"c-late\"},\"body\":\"" + body + "\"}")
                .when().post("/api/v1/inquiries").then().statusCode(202).extract().path("inquiryId");
    }

    /** Writes, uncommitted, a copy of an inquiry's event that announces another inquiry id. */
    private static void copyOutboxRow(Connection db, String inquiry, String as) throws Exception {
        try (var copy = db.prepareStatement("""
                INSERT INTO outbox (events, event_ids, topics, record_keys, event_types, event_sources, event_subjects, event_times,
                                    payloads, traceparents)
                SELECT 1, ARRAY[gen_random_uuid()], ARRAY[topic], ARRAY[record_key], ARRAY[event_type], ARRAY[event_source],
                       ARRAY[event_subject], ARRAY[event_time], ARRAY[replace(payload, ?, ?)], ARRAY[traceparent]
                FROM outbox_entry WHERE topic = 'inquiries.v1' AND strpos(payload, ?) > 0""")) {
            copy.setString(1, inquiry);
            copy.setString(2, as);
            copy.setString(3, inquiry);
            assertEquals(1, copy.executeUpdate());
        }
    }

    @Test
    void renormalizingAPublishedInquiryPublishesACorrectionForTheSameInquiry() {
        String run = UUID.randomUUID().toString();
        String id = given().contentType(ContentType.JSON).header("X-Api-Key", "test-ingest-key")
                .body("{\"channel\":\"api\",\"requester\":{\"id\":\"c-1\"},\"subject\":\"s\",\"body\":\"fix me " + run + "\"}")
                .when().post("/api/v1/inquiries").then().statusCode(202).extract().path("inquiryId");
        InquiryEvents.mentioning(run, 1);
        given().auth().oauth2(AdminToken.admin()).when().post("/admin/v1/inquiries/" + id + "/renormalize")
                .then().statusCode(200).body("status", equalTo("published")).body("revision", equalTo(1));
        List<ConsumerRecord<String, String>> events = InquiryEvents.mentioning(run, 2);
        assertEquals(2, events.size());
        assertEquals("io.madoguchi.inquiry.corrected.v1", TopicReader.header(events.get(1), "ce_type"));
        assertEquals(id, InquiryEvents.data(events.get(1)).get("inquiryId").asText());
        assertEquals(1, InquiryEvents.data(events.get(1)).get("revision").asInt());
        assertEquals(events.get(0).key(), events.get(1).key(), "same conversation key, so it follows the original in order");

        given().auth().oauth2(AdminToken.admin()).when().get("/admin/v1/inquiries/" + id)
                .then().statusCode(200).body("rawText", org.hamcrest.Matchers.containsString("fix me " + run))
                .body("inquiry.revision", equalTo(1));
    }

    /** Parsing a stored payload (a mail can be many megabytes) must not hold an event loop that serves other requests. */
    @Test
    void renormalizingParsesThePayloadOffTheEventLoop() throws Exception {
        UUID id = UUID.randomUUID();
        try (Connection db = IngestTestResource.database(); Statement s = db.createStatement()) {
            s.execute("INSERT INTO inquiry (id, source, channel, raw_payload, raw_content_type, received_at, status, status_reason) VALUES ('"
                    + id + "', 'test', 'api', 'x'::bytea, '" + ThreadRecordingNormalizer.CONTENT_TYPE + "', now(), 'failed', 'a test payload')");
        }
        ThreadRecordingNormalizer.ON_EVENT_LOOP.clear();
        given().auth().oauth2(AdminToken.admin()).when().post("/admin/v1/inquiries/" + id + "/renormalize")
                .then().statusCode(200).body("status", equalTo("failed")).body("statusReason", equalTo("recorded the thread"));
        assertEquals(List.of(false), ThreadRecordingNormalizer.ON_EVENT_LOOP, "normalized on an event loop thread");
    }

    @Test
    void theAdminApiNeedsTheAdminRoleAndAnswersProblems() {
        given().when().get("/admin/v1/inquiries").then().statusCode(401).contentType("application/problem+json");
        given().auth().oauth2(AdminToken.agent()).when().get("/admin/v1/inquiries").then().statusCode(403)
                .contentType("application/problem+json");
        given().auth().oauth2(AdminToken.admin()).when().get("/admin/v1/inquiries?status=lost").then().statusCode(400);
        given().auth().oauth2(AdminToken.admin()).when().post("/admin/v1/inquiries/" + UUID.randomUUID() + "/renormalize")
                .then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(AdminToken.admin()).when().get("/admin/v1/inquiries/not-a-uuid").then().statusCode(404);
    }

    @Test
    void theContractIsServed() {
        for (String type : List.of("received", "corrected", "deflected")) {
            given().when().get("/schemas/io.madoguchi.inquiry." + type + ".v1.json").then().statusCode(200)
                    .body("title", equalTo("io.madoguchi.inquiry." + type + ".v1"));
        }
        given().when().get("/asyncapi.yaml").then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("address: inquiries.v1"));
    }
}
