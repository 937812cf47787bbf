package io.madoguchi.chassis.consumer;

import io.madoguchi.chassis.deadletter.ConsumedTopics;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * At start, registers the retry and dead-letter meters of every topic the service consumes ({@link ConsumedTopics})
 * at zero. A counter that first appears with its first increment hides that increment from Prometheus'
 * {@code increase()} and {@code rate()}: the alert on dead letters would miss the first one.
 */
@ApplicationScoped
public class MetersAtZero {

    private final ConsumedTopics topics;
    private final Retries retries;
    private final DeadLetters deadLetters;

    public MetersAtZero(ConsumedTopics topics, Retries retries, DeadLetters deadLetters) {
        this.topics = topics;
        this.retries = retries;
        this.deadLetters = deadLetters;
    }

    void onStart(@Observes StartupEvent event) {
        for (String topic : topics.all()) {
            retries.meterAtZero(topic);
            deadLetters.meterAtZero(topic);
        }
    }
}
