package io.madoguchi.chassis.deadletter;

import java.time.Instant;

/**
 * One record of {@code <topic>.dlq} as an operator sees it: where it sits, which event it holds, and why it was
 * dead-lettered (the {@code dead-letter-*} headers written by the consumer that gave up on it).
 */
public record DeadLetter(int partition, long offset, Instant deadLetteredAt, String key, String eventId, String eventType,
        String kind, String reason, String exception, Integer attempts, Integer originalPartition, Long originalOffset) {
}
