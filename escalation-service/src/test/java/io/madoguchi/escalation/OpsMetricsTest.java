package io.madoguchi.escalation;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The chassis' metrics that the alerts in deploy/k8s watch, as /q/metrics shows them (docs/operations.md). */
@QuarkusTest
@WithTestResource(EscalationTestResource.class)
class OpsMetricsTest {

    @Test
    void anOutboxNoRelayCanDrainShowsItsRowsAndTheAgeOfItsOldestUntilItDrains() throws Exception {
        String key = "ops-metrics-" + UUID.randomUUID();
        try (Connection stuckRelay = EscalationTestResource.database(); Statement lock = stuckRelay.createStatement()) {
            // the relay's lock, held as a stuck replica would hold it: no relay publishes meanwhile
            lock.execute("SELECT pg_advisory_lock(hashtext('outbox_relay'))");
            try (Connection db = EscalationTestResource.database(); Statement insert = db.createStatement()) {
                insert.executeUpdate("INSERT INTO outbox (events, event_ids, topics, record_keys, event_types, event_sources, event_subjects,"
                        + " event_times, payloads, traceparents, created_at) VALUES (1, ARRAY['" + UUID.randomUUID() + "'::uuid],"
                        + " '{escalations.v1.dlq}', ARRAY['" + key + "'], '{io.madoguchi.test.outbox-backlog.v1}', '{/escalation-service/test}',"
                        + " '{NULL}', ARRAY[now()], ARRAY['{}'], '{NULL}', now() - interval '90 seconds')");
            }
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> scraped("madoguchi_outbox_oldest_unsent_seconds") >= 90);
            assertTrue(scraped("madoguchi_outbox_backlog_rows") >= 1);
            lock.execute("SELECT pg_advisory_unlock(hashtext('outbox_relay'))");
        }
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> scraped("madoguchi_outbox_backlog_rows") == 0
                && scraped("madoguchi_outbox_oldest_unsent_seconds") == 0);
        try (Connection db = EscalationTestResource.database(); Statement query = db.createStatement();
                ResultSet sent = query.executeQuery("SELECT id <= (SELECT sent_through FROM outbox_position) FROM outbox_entry WHERE record_key = '" + key + "'")) {
            assertTrue(sent.next() && sent.getBoolean(1), "the row was published once the lock was released");
        }
    }

    @Test
    void theDeadLetterAndRetryMetersOfTheConsumedTopicAreThereFromTheStart() {
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        for (String series : new String[] {
                "madoguchi_consumer_dead_letters_total{kind=\"poison\",topic=\"tickets.v1\"}",
                "madoguchi_consumer_dead_letters_total{kind=\"error\",topic=\"tickets.v1\"}",
                "madoguchi_consumer_retries_total{kind=\"transient\",topic=\"tickets.v1\"}",
                "madoguchi_consumer_retries_total{kind=\"error\",topic=\"tickets.v1\"}",
                "madoguchi_consumer_partitions_held{topic=\"tickets.v1\"}",
                "madoguchi_sla_breaches_total{metric=\"resolution\"}" }) {
            assertTrue(metrics.contains(series + " "), series + " in\n" + metrics);
        }
        assertEquals(0, scraped("madoguchi_consumer_partitions_held"));
    }

    /** The value of the first sample of this metric on /q/metrics, or NaN when there is none. */
    static double scraped(String metric) {
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(metric) + "(?:\\{[^}]*})? (\\S+)").matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }
}
