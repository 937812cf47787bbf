package io.madoguchi.infra;

import org.testcontainers.kafka.KafkaContainer;

/** Apache Kafka in a container, for machines where a Docker engine answers. */
public final class ContainerKafka implements KafkaBroker {

    private final KafkaContainer container;

    private ContainerKafka(KafkaContainer container) {
        this.container = container;
    }

    public static ContainerKafka start() {
        KafkaContainer container = new KafkaContainer("apache/kafka:4.2.1");
        KafkaBroker.singleNodeSettings().forEach((k, v) ->
                container.withEnv("KAFKA_" + k.toUpperCase().replace('.', '_'), v));
        container.start();
        return new ContainerKafka(container);
    }

    @Override
    public String bootstrapServers() {
        return container.getBootstrapServers();
    }

    @Override
    public void close() {
        container.stop();
    }
}
