package io.madoguchi.chassis.outbox;

import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.Set;

/**
 * How far the outbox's ids are settled (their transactions committed or rolled back), from successive readings of
 * {@code outbox_written()}: the last id the sequence gave, and the transactions then writing outbox rows. A reading's
 * id is settled once none of its writers is among the writers of a later reading (a virtual transaction id is never
 * reused); a reading with no writers is settled at once.
 */
final class SettledIds {

    /** Readings still waiting for their writers; beyond this, a new reading replaces the newest. */
    private static final int PENDING_LIMIT = 64;

    private record Reading(long writtenThrough, Set<String> writers) {
    }

    private final Deque<Reading> pending = new ArrayDeque<>();
    private long settledThrough;

    /** @return the largest id up to which every id is settled, given this new reading */
    synchronized long observe(long writtenThrough, Set<String> writers) {
        while (!pending.isEmpty() && Collections.disjoint(pending.peekFirst().writers(), writers)) {
            settledThrough = Math.max(settledThrough, pending.removeFirst().writtenThrough());
        }
        if (writers.isEmpty()) {
            settledThrough = Math.max(settledThrough, writtenThrough);
            pending.clear();
        } else if (writtenThrough > settledThrough && (pending.isEmpty() || pending.peekLast().writtenThrough() < writtenThrough)) {
            // an equal reading already waiting has fewer writers to wait for: those holding the lock later took no such id
            if (pending.size() == PENDING_LIMIT) {
                pending.removeLast();
            }
            pending.addLast(new Reading(writtenThrough, writers));
        }
        return settledThrough;
    }
}
