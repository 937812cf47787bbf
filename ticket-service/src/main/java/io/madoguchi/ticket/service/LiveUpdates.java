package io.madoguchi.ticket.service;

import java.time.Instant;

import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * What the workspace's open pages hear, on this replica: every change of a ticket (from this replica's own
 * {@code tickets.v1} consumer, so a change made through any replica) and who is looking at or answering which ticket
 * (presence, through the {@code workspace-presence} topic, for the same reason).
 */
@ApplicationScoped
public class LiveUpdates {

    /** {@code ticket}: a ticket changed ({@code change} is its event type's short name); {@code presence}: an agent's activity on it. */
    public record Update(String kind, long ticketId, String change, String agent, String name, String activity, Instant at) {

        public static Update ticket(long ticketId, String change) {
            return new Update("ticket", ticketId, change, null, null, null, Instant.now());
        }

        public static Update presence(long ticketId, String agent, String name, String activity, Instant at) {
            return new Update("presence", ticketId, null, agent, name, activity, at);
        }

        static Update heartbeat() {
            return new Update("heartbeat", 0, null, null, null, null, Instant.now());
        }
    }

    private final BroadcastProcessor<Update> updates = BroadcastProcessor.create();

    public void publish(Update update) {
        updates.onNext(update);
    }

    /** Every update from now on, and a heartbeat every 20 s that keeps proxies from closing a quiet stream. */
    public Multi<Update> stream() {
        return updates;
    }

    @Scheduled(every = "20s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void heartbeat() {
        updates.onNext(Update.heartbeat());
    }

    /**
     * Ends every open stream as the service begins to stop (the pre-shutdown phase, before the HTTP server waits up to
     * {@code quarkus.shutdown.timeout} for the requests in flight, which an open stream would be until the end), so the
     * pages reconnect at once, to another replica or to this one restarted.
     */
    void endStreams(@Observes ShutdownDelayInitiatedEvent event) {
        updates.onComplete();
    }
}
