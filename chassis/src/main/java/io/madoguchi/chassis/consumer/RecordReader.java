package io.madoguchi.chassis.consumer;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Reads a record into the event a consumer applies, or null for a record it skips (an event type it does not handle). */
@FunctionalInterface
public interface RecordReader<T> {

    /** Whatever this throws makes the record a dead letter: reading involves nothing but the record, so it fails again. */
    T read(ConsumerRecord<String, byte[]> record);
}
