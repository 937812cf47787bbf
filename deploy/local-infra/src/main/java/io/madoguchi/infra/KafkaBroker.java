package io.madoguchi.infra;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/** A real Kafka broker reachable at {@link #bootstrapServers()}, whichever way it was provided. */
public interface KafkaBroker extends AutoCloseable {

    /** Madoguchi's event topics, each declared with its dead-letter topic, as the services expect them. */
    List<String> TOPICS = List.of("inquiries.v1", "tickets.v1", "escalations.v1", "deliveries.v1", "survey-requests.v1");

    /** ticket-service's own topic of who is looking at which ticket (collision detection): no contract, no dead letters. */
    String WORKSPACE_PRESENCE = "workspace-presence";

    String bootstrapServers();

    @Override
    void close();

    /** Declares each topic and its {@code .dlq} (single replica), leaving existing ones untouched. */
    default void createTopics(int partitions) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        try (Admin admin = Admin.create(props)) {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> missing = java.util.stream.Stream.concat(
                            TOPICS.stream().flatMap(t -> java.util.stream.Stream.of(t, t + ".dlq")),
                            java.util.stream.Stream.of(WORKSPACE_PRESENCE))
                    .filter(t -> !existing.contains(t))
                    .map(t -> new NewTopic(t, partitions, (short) 1).configs(Map.of("min.insync.replicas", "1")))
                    .collect(Collectors.toList());
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Could not create topics on " + bootstrapServers(), e.getCause());
        }
    }

    /**
     * For service tests: Testcontainers when a Docker engine answers, else the broker named by
     * {@code KAFKA_BOOTSTRAP}, else a KRaft broker inside this JVM.
     */
    static KafkaBroker forTests() {
        if (Docker.available()) {
            return ContainerKafka.start();
        }
        String external = System.getenv("KAFKA_BOOTSTRAP");
        if (external != null && !external.isBlank()) {
            return new ExternalKafka(external);
        }
        return InJvmKafka.start();
    }

    /** Internal topics of a single node need replication factor 1, or consumer groups never form. */
    static Map<String, String> singleNodeSettings() {
        return Map.of(
                "offsets.topic.replication.factor", "1",
                "offsets.topic.num.partitions", "4",
                "transaction.state.log.replication.factor", "1",
                "transaction.state.log.min.isr", "1",
                "share.coordinator.state.topic.replication.factor", "1",
                "share.coordinator.state.topic.min.isr", "1",
                "group.initial.rebalance.delay.ms", "0",
                "auto.create.topics.enable", "false");
    }

    record ExternalKafka(String bootstrapServers) implements KafkaBroker {
        @Override
        public void close() {
            // not ours to stop
        }
    }
}
