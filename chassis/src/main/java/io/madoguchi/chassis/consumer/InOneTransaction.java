package io.madoguchi.chassis.consumer;

import java.util.List;
import java.util.function.Function;

import io.madoguchi.chassis.tracing.MessagingSpans;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Applies a batch's events in order, one after the other, in one transaction: one commit for the batch. After each
 * event the session is flushed and cleared, so that the next event's lookups see what earlier ones wrote and
 * dirty-checking does not grow with the batch. While an event is applied, the span of the record it came from is
 * current, so that what it writes and logs belongs to that record's trace.
 */
public final class InOneTransaction {

    private InOneTransaction() {
    }

    public static <T> Uni<Void> each(List<T> events, Function<T, Uni<?>> apply) {
        return Panache.withTransaction(() -> Multi.createFrom().iterable(events)
                        .onItem().transformToUniAndConcatenate(event -> {
                            MessagingSpans.attachRecord(event);
                            return apply.apply(event).chain(ignored -> flushAndClear());
                        })
                        .collect().last())
                .replaceWithVoid();
    }

    private static Uni<Void> flushAndClear() {
        return Panache.getSession().chain(session -> session.flush().invoke(session::clear));
    }
}
