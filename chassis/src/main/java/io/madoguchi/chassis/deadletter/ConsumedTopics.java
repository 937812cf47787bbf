package io.madoguchi.chassis.deadletter;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.eclipse.microprofile.config.Config;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The Kafka topics this service consumes (its {@code mp.messaging.incoming.*} channels): the ones it dead-letters. A
 * channel that keeps no place in its topic ({@code commit-strategy=ignore}: ticket-service's live updates, read from
 * now on by each instance) dead-letters nothing and is not among them.
 */
@ApplicationScoped
public class ConsumedTopics {

    private static final Pattern TOPIC = Pattern.compile("mp\\.messaging\\.incoming\\.([^.]+)\\.topic");

    private final Set<String> topics = new TreeSet<>();

    public ConsumedTopics(Config config) {
        for (String name : config.getPropertyNames()) {
            Matcher m = TOPIC.matcher(name);
            String channel = m.matches() ? "mp.messaging.incoming." + m.group(1) : null;
            if (channel != null && "smallrye-kafka".equals(config.getOptionalValue(channel + ".connector", String.class).orElse(null))
                    && !"ignore".equals(config.getOptionalValue(channel + ".commit-strategy", String.class).orElse(null))) {
                config.getOptionalValue(name, String.class).ifPresent(topics::add);
            }
        }
    }

    public boolean contains(String topic) {
        return topics.contains(topic);
    }

    public Set<String> all() {
        return Set.copyOf(topics);
    }
}
