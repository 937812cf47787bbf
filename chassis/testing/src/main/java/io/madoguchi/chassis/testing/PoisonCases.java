package io.madoguchi.chassis.testing;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;

import io.madoguchi.chassis.cloudevents.CloudEventHeaders;
import io.madoguchi.chassis.consumer.DeadLetters;
import io.restassured.RestAssured;

/**
 * The three records every consumer must survive, each a valid event of a type it handles but for one defect: a
 * header without a value, a {@code ce_time} that is no time, and an unexpected error while it is applied (see
 * {@link FaultInjectingBatchConsumer}). They are sent in one batch, followed by a good event.
 */
public final class PoisonCases {

    public static final String FAULT_HEADER = "madoguchi-test-fault";

    /** The ids of the three defective events and of the good one sent after them. */
    public record Sent(UUID nullHeader, UUID badTime, UUID fault, UUID good) {
    }

    private PoisonCases() {
    }

    /** @param event a valid event of a type the consumer handles, with the given id; a new one on each call */
    public static Sent send(Function<UUID, ProducerRecord<String, byte[]>> event) {
        Sent sent = new Sent(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
        ProducerRecord<String, byte[]> nullHeader = event.apply(sent.nullHeader());
        nullHeader.headers().add(new RecordHeader(CloudEventHeaders.SUBJECT, null));
        ProducerRecord<String, byte[]> badTime = event.apply(sent.badTime());
        badTime.headers().remove(CloudEventHeaders.TIME).add(CloudEventHeaders.TIME, "yesterday at noon".getBytes(UTF_8));
        ProducerRecord<String, byte[]> fault = event.apply(sent.fault());
        fault.headers().add(FAULT_HEADER, "error".getBytes(UTF_8));
        TestProducer.sendAtOnce(List.of(nullHeader, badTime, fault, event.apply(sent.good())));
        return sent;
    }

    /**
     * Waits until the service's database shows the good event applied.
     *
     * @param countSql counts the rows the event's id (its one parameter) left, e.g. in {@code processed_event}
     */
    public static void awaitApplied(String countSql, UUID good) {
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            try (Connection db = ServiceTestResource.database(); PreparedStatement query = db.prepareStatement(countSql)) {
                query.setObject(1, good);
                try (ResultSet rows = query.executeQuery()) {
                    return rows.next() && rows.getLong(1) > 0;
                }
            }
        });
    }

    /**
     * Waits until {@code <topic>.dlq} holds the three defective events, then checks each is there once with its kind and
     * a readable reason. Call it after the good event was seen applied: the consumer dead-letters a record before it
     * goes on to the next, so nothing more can arrive for these.
     */
    public static void assertDeadLettered(String topic, Sent sent) {
        String dlq = topic + ".dlq";
        await().atMost(Duration.ofSeconds(60)).until(() -> TopicReader.readToEnd(dlq).stream()
                .filter(r -> List.of(sent.nullHeader(), sent.badTime(), sent.fault()).contains(id(r))).count() >= 3);
        List<ConsumerRecord<String, String>> letters = TopicReader.readToEnd(dlq);
        assertLetter(letters, sent.nullHeader(), "poison", "header ce_subject has no value", topic);
        assertLetter(letters, sent.badTime(), "poison", "ce_time 'yesterday at noon' is not an RFC 3339 time", topic);
        assertLetter(letters, sent.fault(), "error", "a deliberate fault for a test", topic);
        assertFalse(letters.stream().anyMatch(r -> sent.good().equals(id(r))), "the good event was dead-lettered");
    }

    /**
     * After {@link #assertDeadLettered}: the admin API lists the faulty event's dead letter with its reason; once the
     * fault is healed, the event replayed twice is applied exactly once: recorded as processed, not dead-lettered again,
     * and (where the service keeps the event's id with its effect) one effect. A marker sent after the replays under
     * the same key (so on the same partition, behind them) shows when both have been consumed.
     *
     * @param event builds the marker, as for {@link #send}
     * @param processedSql as for {@link #awaitApplied}
     * @param effectSql null, or counts what applying the event left (its one parameter: the event id)
     */
    public static void assertReplayedOnce(String topic, Sent sent, Function<UUID, ProducerRecord<String, byte[]>> event, String processedSql,
            String effectSql, String adminToken) {
        Map<String, Object> letter = RestAssured.given().auth().oauth2(adminToken).queryParam("limit", 1000)
                .get("/admin/v1/dead-letters/{topic}", topic).then().statusCode(200).extract().jsonPath()
                .<Map<String, Object>>getList("items").stream().filter(l -> sent.fault().toString().equals(l.get("eventId")))
                .findFirst().orElseThrow(() -> new AssertionError("the admin API lists no dead letter of event " + sent.fault()));
        assertEquals("error", letter.get("kind"));
        assertTrue(String.valueOf(letter.get("reason")).contains("a deliberate fault for a test"), String.valueOf(letter.get("reason")));
        FaultInjectingBatchConsumer.heal(sent.fault());
        for (int i = 0; i < 2; i++) {
            RestAssured.given().auth().oauth2(adminToken).contentType("application/json")
                    .body(Map.of("letters", List.of(Map.of("partition", letter.get("partition"), "offset", letter.get("offset")))))
                    .post("/admin/v1/dead-letters/{topic}/replay", topic)
                    .then().statusCode(200).body("replayed", org.hamcrest.Matchers.equalTo(1));
        }
        UUID markerId = UUID.randomUUID();
        ProducerRecord<String, byte[]> marker = event.apply(markerId);
        // partitioned by key, as the replays are
        TestProducer.send(new ProducerRecord<>(marker.topic(), null, String.valueOf(letter.get("key")), marker.value(), marker.headers()));
        awaitApplied(processedSql, markerId);
        assertEquals(1, count(processedSql, sent.fault()), "event " + sent.fault() + " recorded as processed");
        assertEquals(1, TopicReader.readToEnd(topic + ".dlq").stream().filter(r -> sent.fault().equals(id(r))).count(),
                "dead letters of event " + sent.fault() + " after its replays");
        if (effectSql != null) {
            assertEquals(1, count(effectSql, sent.fault()), "effects of event " + sent.fault() + " replayed twice");
        }
    }

    private static long count(String sql, UUID id) {
        try (Connection db = ServiceTestResource.database(); PreparedStatement query = db.prepareStatement(sql)) {
            query.setObject(1, id);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void assertLetter(List<ConsumerRecord<String, String>> letters, UUID id, String kind, String reason, String topic) {
        List<ConsumerRecord<String, String>> mine = letters.stream().filter(r -> id.equals(id(r))).toList();
        assertEquals(1, mine.size(), "dead letters of event " + id);
        ConsumerRecord<String, String> letter = mine.get(0);
        assertEquals(kind, TopicReader.header(letter, DeadLetters.KIND), "kind of " + id);
        String written = TopicReader.header(letter, DeadLetters.REASON);
        assertNotNull(written, "reason of " + id);
        if (!written.contains(reason)) {
            throw new AssertionError("reason of " + id + " is '" + written + "', expected it to say '" + reason + "'");
        }
        assertEquals(topic, TopicReader.header(letter, DeadLetters.TOPIC));
        assertNotNull(TopicReader.header(letter, DeadLetters.OFFSET));
        assertNotNull(TopicReader.header(letter, DeadLetters.ATTEMPTS));
    }

    private static UUID id(ConsumerRecord<?, ?> record) {
        String id = TopicReader.header(record, CloudEventHeaders.ID);
        try {
            return id == null ? null : UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
