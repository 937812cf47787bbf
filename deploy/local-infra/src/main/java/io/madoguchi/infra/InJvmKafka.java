package io.madoguchi.infra;

import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/** A single combined KRaft node running inside this JVM (Kafka's own test kit). */
public final class InJvmKafka implements KafkaBroker {

    private final KafkaClusterTestKit cluster;

    private InJvmKafka(KafkaClusterTestKit cluster) {
        this.cluster = cluster;
    }

    public static InJvmKafka start() {
        try {
            KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .build());
            KafkaBroker.singleNodeSettings().forEach(builder::setConfigProp);
            KafkaClusterTestKit cluster = builder.build();
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
            return new InJvmKafka(cluster);
        } catch (Exception e) {
            throw new IllegalStateException("Could not start the in-JVM Kafka broker", e);
        }
    }

    @Override
    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    @Override
    public void close() {
        try {
            cluster.close();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
