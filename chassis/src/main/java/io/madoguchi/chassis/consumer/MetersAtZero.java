package io.madoguchi.chassis.consumer;

import java.util.Set;
import java.util.TreeSet;

import org.eclipse.microprofile.config.Config;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * At start, registers the retry and dead-letter meters of every topic the service consumes
 * ({@code mp.messaging.incoming.*.topic}) at zero. A counter that first appears with its first increment hides that
 * increment from Prometheus' {@code increase()} and {@code rate()}: the alert on dead letters would miss the first one.
 */
@ApplicationScoped
public class MetersAtZero {

    private final Config config;
    private final Retries retries;
    private final DeadLetters deadLetters;

    public MetersAtZero(Config config, Retries retries, DeadLetters deadLetters) {
        this.config = config;
        this.retries = retries;
        this.deadLetters = deadLetters;
    }

    void onStart(@Observes StartupEvent event) {
        for (String topic : consumedTopics()) {
            retries.meterAtZero(topic);
            deadLetters.meterAtZero(topic);
        }
    }

    private Set<String> consumedTopics() {
        Set<String> topics = new TreeSet<>();
        for (String name : config.getPropertyNames()) {
            if (name.startsWith("mp.messaging.incoming.") && name.endsWith(".topic")) {
                config.getOptionalValue(name, String.class).ifPresent(topics::add);
            }
        }
        return topics;
    }
}
