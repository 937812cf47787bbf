package io.madoguchi.chassis.testing;

import static org.awaitility.Awaitility.await;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * What a test of an idempotent batch consumer looks at in the service's database and on its dead-letter topic: which
 * events were processed, by how many transactions (the {@code xmin} of their {@code processed_event} rows: rows of one
 * transaction share it), and what the outbox holds.
 */
public final class ConsumerProbes {

    private ConsumerProbes() {
    }

    /**
     * Waits until the consumer group has committed, on every partition of the topics, an offset at the end the topics
     * had when called: everything sent before is then processed (offsets are committed after processing). How a test
     * proves that what it sent changed nothing.
     */
    public static void awaitCaughtUp(String group, String... topics) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, ServiceTestResource.bootstrapServers()))) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (TopicDescription topic : admin.describeTopics(List.of(topics)).allTopicNames().get().values()) {
                topic.partitions().forEach(p -> latest.put(new TopicPartition(topic.name(), p.partition()), OffsetSpec.latest()));
            }
            Map<TopicPartition, Long> ends = new HashMap<>();
            admin.listOffsets(latest).all().get().forEach((partition, end) -> ends.put(partition, end.offset()));
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
                return ends.entrySet().stream().allMatch(e -> e.getValue() == 0
                        || committed.get(e.getKey()) != null && committed.get(e.getKey()).offset() >= e.getValue());
            });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    /** The assignor the group's members agreed on (e.g. {@code cooperative-sticky}), once the group is stable. */
    public static String assignor(String group) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, ServiceTestResource.bootstrapServers()))) {
            await().atMost(Duration.ofSeconds(30)).until(() -> described(admin, group).groupState() == GroupState.STABLE);
            return described(admin, group).partitionAssignor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    private static ConsumerGroupDescription described(Admin admin, String group) throws InterruptedException, ExecutionException {
        return admin.describeConsumerGroups(List.of(group)).describedGroups().get(group).get();
    }

    public static void awaitProcessed(List<UUID> ids) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> processed(ids) == ids.size());
    }

    public static long processed(List<UUID> ids) throws SQLException {
        try (Connection db = ServiceTestResource.database()) {
            return count(db, "SELECT count(*) FROM processed_event WHERE event_id = ANY(?)", uuids(db, ids));
        }
    }

    /** How many transactions wrote the events' idempotency marks. */
    public static long transactions(List<UUID> ids) throws SQLException {
        try (Connection db = ServiceTestResource.database()) {
            return count(db, "SELECT count(DISTINCT xmin::text) FROM processed_event WHERE event_id = ANY(?)", uuids(db, ids));
        }
    }

    /** The types of the outbox events of these record keys, in the order they were written. */
    public static List<String> outbox(List<?> keys) throws SQLException {
        return outboxInOrder(keys).stream().map(row -> row.substring(0, row.indexOf(' '))).toList();
    }

    /** "type key" of the outbox events of these record keys, in the order they were written. */
    public static List<String> outboxInOrder(List<?> keys) throws SQLException {
        try (Connection db = ServiceTestResource.database()) {
            return rows(db, "SELECT event_type || ' ' || record_key FROM outbox_entry WHERE record_key = ANY(?) ORDER BY sequence",
                    texts(db, keys));
        }
    }

    /**
     * Waits until the relay has published every outbox event of these record keys: with the consumer caught up first,
     * {@link TopicReader#readToEnd} then sees everything the records sent before could ever cause.
     */
    public static void awaitRelayed(List<?> keys) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
            try (Connection db = ServiceTestResource.database()) {
                return count(db, "SELECT count(*) FROM outbox_entry WHERE record_key = ANY(?) AND id > (SELECT sent_through FROM outbox_position)", texts(db, keys)) == 0;
            }
        });
    }

    /**
     * The dead letters of {@code <topic>.dlq} with this key, once there is one. A consumer sends a batch's dead letters
     * before it acknowledges the batch, so call it after the batch's good events were seen processed.
     */
    public static List<ConsumerRecord<String, String>> deadLetters(String topic, String key) {
        String dlq = topic + ".dlq";
        await().atMost(Duration.ofSeconds(30)).until(() -> TopicReader.readToEnd(dlq).stream().anyMatch(r -> key.equals(r.key())));
        return TopicReader.readToEnd(dlq).stream().filter(r -> key.equals(r.key())).toList();
    }

    /** Events applied so far from the topic, by the batch-size summary the batch consumer registers with its first batch. */
    public static double applied(MeterRegistry registry, String topic) {
        DistributionSummary sizes = registry.find("madoguchi.consumer.batch.size").tag("topic", topic).summary();
        return sizes == null ? 0 : sizes.totalAmount();
    }

    /** Transactions that applied events from the topic so far. */
    public static long batches(MeterRegistry registry, String topic) {
        DistributionSummary sizes = registry.find("madoguchi.consumer.batch.size").tag("topic", topic).summary();
        return sizes == null ? 0 : sizes.count();
    }

    public static Array uuids(Connection db, List<UUID> ids) throws SQLException {
        return db.createArrayOf("uuid", ids.toArray());
    }

    public static Array longs(Connection db, List<Long> values) throws SQLException {
        return db.createArrayOf("bigint", values.toArray());
    }

    public static Array texts(Connection db, List<?> values) throws SQLException {
        return db.createArrayOf("varchar", values.stream().map(String::valueOf).toArray());
    }

    public static long count(Connection db, String sql, Object... parameters) throws SQLException {
        return Long.parseLong(rows(db, sql, parameters).get(0));
    }

    /** The first column of each row, as text. */
    public static List<String> rows(Connection db, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = db.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            List<String> rows = new ArrayList<>();
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    rows.add(result.getString(1));
                }
            }
            return rows;
        }
    }
}
