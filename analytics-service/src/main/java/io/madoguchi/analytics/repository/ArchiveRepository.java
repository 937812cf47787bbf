package io.madoguchi.analytics.repository;

import java.time.OffsetDateTime;
import java.util.UUID;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** The event archive and the ticket summaries derived from it (plain SQL: upserts and jsonb). */
@ApplicationScoped
public class ArchiveRepository {

    /** @return true if the event is new to the archive, false for a redelivery */
    public Uni<Boolean> archive(UUID eventId, long ticketId, String topic, String type, OffsetDateTime time, String json) {
        return Panache.getSession().chain(s -> s.createNativeQuery(
                        "INSERT INTO ticket_event (event_id, ticket_id, topic, event_type, event_time, data)"
                                // through text: the client binds a String to a jsonb parameter as a JSON string, not as the object it holds
                                + " VALUES (?1, ?2, ?3, ?4, ?5, cast(cast(?6 as text) as jsonb)) ON CONFLICT DO NOTHING")
                .setParameter(1, eventId).setParameter(2, ticketId).setParameter(3, topic).setParameter(4, type)
                .setParameter(5, time).setParameter(6, json)
                .executeUpdate())
                .map(n -> n == 1);
    }

    public record Created(long ticketId, String channel, String status, OffsetDateTime createdAt, String subject, String question,
            String requesterName, String requesterEmail) {
    }

    public Uni<Void> ticketCreated(Created t) {
        return update("INSERT INTO ticket_summary (ticket_id, channel, status, created_at, messages, subject, question, requester_name,"
                + " requester_email) VALUES (?1, ?2, ?3, ?4, 1, ?5, ?6, ?7, ?8)"
                + " ON CONFLICT (ticket_id) DO UPDATE SET channel = excluded.channel, status = excluded.status,"
                + " created_at = excluded.created_at, messages = ticket_summary.messages + 1, subject = excluded.subject,"
                + " question = excluded.question, requester_name = excluded.requester_name, requester_email = excluded.requester_email",
                t.ticketId(), t.channel(), t.status(), t.createdAt(), t.subject(), t.question(), t.requesterName(), t.requesterEmail());
    }

    public Uni<Void> messageAdded(long ticketId) {
        return update("INSERT INTO ticket_summary (ticket_id, messages) VALUES (?1, 1)"
                + " ON CONFLICT (ticket_id) DO UPDATE SET messages = ticket_summary.messages + 1", ticketId);
    }

    /** An agent's public reply: counted, and the first one's time kept (the earliest wins whatever the order). */
    public Uni<Void> agentReplied(long ticketId, OffsetDateTime at, String body) {
        return update("INSERT INTO ticket_summary (ticket_id, messages, agent_replies, first_reply_at, answer) VALUES (?1, 1, 1, ?2, ?3)"
                + " ON CONFLICT (ticket_id) DO UPDATE SET messages = ticket_summary.messages + 1,"
                + " agent_replies = ticket_summary.agent_replies + 1,"
                + " first_reply_at = least(coalesce(ticket_summary.first_reply_at, excluded.first_reply_at), excluded.first_reply_at),"
                + " answer = coalesce(excluded.answer, ticket_summary.answer)",
                ticketId, at, body);
    }

    public Uni<Void> statusChanged(long ticketId, String status, boolean reopened, OffsetDateTime at) {
        return update("INSERT INTO ticket_summary (ticket_id, status, solved_at, reopens, closed_at) VALUES (?1, ?2,"
                + " CASE WHEN cast(?2 as varchar) = 'solved' THEN cast(?3 as timestamptz) END, CASE WHEN cast(?4 as boolean) THEN 1 ELSE 0 END,"
                + " CASE WHEN cast(?2 as varchar) = 'closed' THEN cast(?3 as timestamptz) END)"
                + " ON CONFLICT (ticket_id) DO UPDATE SET status = excluded.status,"
                + " solved_at = CASE WHEN excluded.status = 'solved' THEN excluded.solved_at"
                + "                  WHEN excluded.status = 'closed' THEN ticket_summary.solved_at ELSE NULL END,"
                + " closed_at = excluded.closed_at,"
                + " reopens = ticket_summary.reopens + excluded.reopens",
                ticketId, status, at, reopened);
    }

    public Uni<Void> assigned(long ticketId, String queue, String assignee) {
        return update("INSERT INTO ticket_summary (ticket_id, queue, assignee) VALUES (?1, ?2, ?3)"
                + " ON CONFLICT (ticket_id) DO UPDATE SET queue = coalesce(excluded.queue, ticket_summary.queue),"
                + " assignee = excluded.assignee", ticketId, queue, assignee);
    }

    public Uni<Void> macroApplied(long ticketId, String macro) {
        return update("INSERT INTO ticket_summary (ticket_id, macro_applied, macro) VALUES (?1, true, ?2)"
                + " ON CONFLICT (ticket_id) DO UPDATE SET macro_applied = true, macro = coalesce(excluded.macro, ticket_summary.macro)",
                ticketId, macro);
    }

    public Uni<Void> rated(long ticketId, String rating, Integer score, OffsetDateTime at) {
        return update("INSERT INTO ticket_summary (ticket_id, rating, score, rated_at) VALUES (?1, ?2, ?3, ?4)"
                + " ON CONFLICT (ticket_id) DO UPDATE SET rating = excluded.rating, score = excluded.score,"
                + " rated_at = excluded.rated_at", ticketId, rating, score, at);
    }

    /**
     * The routing decision gives the queue until ticket-service's own assigned events do: they come on another topic,
     * so either may arrive first, and a replay must end where the live projection did.
     */
    public Uni<Void> routed(long ticketId, String queue) {
        return update("INSERT INTO ticket_summary (ticket_id, queue) VALUES (?1, ?2)"
                + " ON CONFLICT (ticket_id) DO UPDATE SET queue = coalesce(ticket_summary.queue, excluded.queue)", ticketId, queue);
    }

    /** A ticket created, solved or reopened: one row per event. */
    public Uni<Void> flow(UUID eventId, long ticketId, String kind, OffsetDateTime at) {
        return update("INSERT INTO ticket_flow (event_id, ticket_id, kind, at) VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO NOTHING",
                eventId, ticketId, kind, at);
    }

    public Uni<Void> slaMeasured(UUID eventId, long ticketId, String metric, OffsetDateTime endedAt, long elapsed, long elapsedBusiness,
            long running, long runningBusiness, boolean breached) {
        return update("INSERT INTO sla_measure (event_id, ticket_id, metric, ended_at, elapsed_seconds, elapsed_business_seconds,"
                + " running_seconds, running_business_seconds, breached) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) ON CONFLICT DO NOTHING",
                eventId, ticketId, metric, endedAt, elapsed, elapsedBusiness, running, runningBusiness, breached);
    }

    public Uni<Void> slaBreached(UUID eventId, long ticketId, String metric, OffsetDateTime at) {
        return update("INSERT INTO sla_breach (event_id, ticket_id, metric, breached_at) VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO NOTHING",
                eventId, ticketId, metric, at);
    }

    public Uni<Void> deflected(UUID eventId, String channel, String source, OffsetDateTime receivedAt) {
        return update("INSERT INTO deflection (inquiry_id, channel, source, received_at) VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO NOTHING",
                eventId, channel, source, receivedAt);
    }

    private static Uni<Void> update(String sql, Object... params) {
        return Panache.getSession().chain(s -> {
            var query = s.createNativeQuery(sql);
            for (int i = 0; i < params.length; i++) {
                query.setParameter(i + 1, params[i]);
            }
            return query.executeUpdate();
        }).replaceWithVoid();
    }
}
