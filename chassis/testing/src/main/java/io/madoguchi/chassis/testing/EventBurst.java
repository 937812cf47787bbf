package io.madoguchi.chassis.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.producer.ProducerRecord;

/** CloudEvents to send in one produce request ({@link TestProducer#sendAtOnce}), so that a consumer gets them in one poll. */
public final class EventBurst {

    private final String topic;
    private final List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
    private final List<UUID> ids = new ArrayList<>();

    public EventBurst(String topic) {
        this.topic = topic;
    }

    /** @return the new event's id */
    public UUID add(Object key, String type, String data) {
        UUID id = UUID.randomUUID();
        records.add(TestProducer.cloudEvent(topic, String.valueOf(key), id, type, data));
        ids.add(id);
        return id;
    }

    public List<ProducerRecord<String, byte[]>> records() {
        return records;
    }

    public List<UUID> ids() {
        return ids;
    }

    public void send() {
        TestProducer.sendAtOnce(records);
    }
}
