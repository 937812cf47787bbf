package io.madoguchi.ticket.messaging;

import java.lang.management.ManagementFactory;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Starts the live consumer of {@code tickets.v1} at the first record written after this process started, not at the
 * end of the topic when its partitions are assigned: a change made between the two (the backlog a restarted replica
 * works off at once) would otherwise reach no open page, since a page re-reads only when it reconnects, which it can
 * do before the assignment. A later assignment of the same partition (the consumer recovering) keeps its position.
 */
@ApplicationScoped
@Identifier(LiveFromInstanceStart.NAME)
public class LiveFromInstanceStart implements KafkaConsumerRebalanceListener {

    static final String NAME = "live-from-instance-start";

    private final long started = ManagementFactory.getRuntimeMXBean().getStartTime();
    private final Set<TopicPartition> positioned = ConcurrentHashMap.newKeySet();

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        Map<TopicPartition, Long> since = new HashMap<>();
        partitions.stream().filter(positioned::add).forEach(partition -> since.put(partition, started));
        if (since.isEmpty()) {
            return;
        }
        Map<TopicPartition, OffsetAndTimestamp> offsets = consumer.offsetsForTimes(since);
        offsets.forEach((partition, offset) -> {
            if (offset != null) {
                consumer.seek(partition, offset.offset());
            }
        });
    }
}
