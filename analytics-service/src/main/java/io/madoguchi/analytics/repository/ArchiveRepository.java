package io.madoguchi.analytics.repository;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.madoguchi.analytics.domain.Deflection;
import io.madoguchi.analytics.domain.TicketSummary;
import io.madoguchi.chassis.sql.Columns;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.OptimisticLockException;

/**
 * The event archive and what is derived from it, written set-based: each method is one statement for a whole batch,
 * on the batch's connection and transaction.
 */
@ApplicationScoped
public class ArchiveRepository {

    /** An event as archived; {@code json} is its data as a JSON object. */
    public record Archived(UUID eventId, long ticketId, String topic, String type, OffsetDateTime time, String json) {
    }

    /** A fact of the time series: a ticket solved, closed without a solve, or reopened (its creation is its summary's created_at). */
    public record Flow(UUID eventId, long ticketId, String kind, OffsetDateTime at) {
    }

    public record Measure(UUID eventId, long ticketId, String metric, OffsetDateTime endedAt, long elapsed, long elapsedBusiness,
            long running, long runningBusiness, boolean breached) {
    }

    public record Breach(UUID eventId, long ticketId, String metric, OffsetDateTime at) {
    }

    private static final String SUMMARY_COLUMNS = "ticket_id, channel, queue, status, created_at, messages, assignee, first_reply_at,"
            + " solved_at, agent_replies, reopens, macro_applied, rating, score, rated_at, subject, question, requester_name,"
            + " requester_email, answer, macro, closed_at, raw_purged_at";
    private static final String SUMMARY_ARRAYS = "$1::bigint[], $2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::int[],"
            + " $7::text[], $8::timestamptz[], $9::timestamptz[], $10::int[], $11::int[], $12::boolean[], $13::text[], $14::int[],"
            + " $15::timestamptz[], $16::text[], $17::text[], $18::text[], $19::text[], $20::text[], $21::text[], $22::timestamptz[],"
            + " $23::timestamptz[]";

    /**
     * Archives the events; the event id is the key, so a redelivered event is archived once.
     *
     * @return the ids of the events new to the archive
     */
    public Uni<Set<UUID>> archive(SqlConnection c, List<Archived> events) {
        if (events.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        return c.preparedQuery("INSERT INTO ticket_event (event_id, ticket_id, topic, event_type, event_time, data)"
                        + " SELECT e, t, tp, ty, ti, d::jsonb FROM unnest($1::uuid[], $2::bigint[], $3::text[], $4::text[], $5::timestamptz[],"
                        + " $6::text[]) AS u(e, t, tp, ty, ti, d) ON CONFLICT DO NOTHING RETURNING event_id")
                .execute(Tuple.from(List.<Object>of(
                        Columns.of(events, Archived::eventId, UUID[]::new),
                        Columns.of(events, Archived::ticketId, Long[]::new),
                        Columns.of(events, Archived::topic, String[]::new),
                        Columns.of(events, Archived::type, String[]::new),
                        Columns.of(events, Archived::time, OffsetDateTime[]::new),
                        Columns.of(events, Archived::json, String[]::new))))
                .map(rows -> {
                    Set<UUID> fresh = new HashSet<>();
                    rows.forEach(row -> fresh.add(row.getUUID(0)));
                    return fresh;
                });
    }

    /**
     * The stored summaries of these tickets, locked for the transaction in ascending ticket id: while partitions move
     * between replicas two batches may write one ticket's summary, and taking the locks in one order keeps them from
     * waiting on each other in a deadlock.
     */
    public Uni<Map<Long, TicketSummary>> lockSummaries(SqlConnection c, Collection<Long> ticketIds) {
        if (ticketIds.isEmpty()) {
            return Uni.createFrom().item(new LinkedHashMap<>());
        }
        return c.preparedQuery("SELECT " + SUMMARY_COLUMNS + " FROM ticket_summary WHERE ticket_id = ANY($1) ORDER BY ticket_id FOR UPDATE")
                .execute(Tuple.of(ticketIds.toArray(Long[]::new)))
                .map(rows -> {
                    Map<Long, TicketSummary> summaries = new LinkedHashMap<>();
                    rows.forEach(row -> summaries.put(row.getLong("ticket_id"), summary(row)));
                    return summaries;
                });
    }

    /**
     * Inserts the summaries this batch started. Should another transaction have inserted one of them since this one
     * looked (another replica's, while partitions move), nothing is written and the batch is tried again, then finding
     * it stored.
     */
    public Uni<Void> insertSummaries(SqlConnection c, List<TicketSummary> summaries) {
        if (summaries.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return c.preparedQuery("INSERT INTO ticket_summary (" + SUMMARY_COLUMNS + ") SELECT * FROM unnest(" + SUMMARY_ARRAYS + ")"
                        + " ON CONFLICT (ticket_id) DO NOTHING")
                .execute(summaryColumns(summaries))
                .invoke(rows -> {
                    if (rows.rowCount() != summaries.size()) {
                        throw new OptimisticLockException((summaries.size() - rows.rowCount()) + " ticket summaries were started elsewhere");
                    }
                })
                .replaceWithVoid();
    }

    /** Writes the summaries locked by {@link #lockSummaries} as this batch left them. */
    public Uni<Void> updateSummaries(SqlConnection c, List<TicketSummary> summaries) {
        if (summaries.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        StringBuilder set = new StringBuilder();
        for (String column : SUMMARY_COLUMNS.split(", ")) {
            if (!column.equals("ticket_id")) {
                set.append(set.isEmpty() ? "" : ", ").append(column).append(" = u.").append(column);
            }
        }
        return c.preparedQuery("UPDATE ticket_summary s SET " + set + " FROM unnest(" + SUMMARY_ARRAYS + ") AS u(" + SUMMARY_COLUMNS + ")"
                        + " WHERE s.ticket_id = u.ticket_id")
                .execute(summaryColumns(summaries))
                .replaceWithVoid();
    }

    public Uni<Void> flows(SqlConnection c, List<Flow> flows) {
        if (flows.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return c.preparedQuery("INSERT INTO ticket_flow (event_id, ticket_id, kind, at)"
                        + " SELECT * FROM unnest($1::uuid[], $2::bigint[], $3::text[], $4::timestamptz[]) ON CONFLICT DO NOTHING")
                .execute(Tuple.of(Columns.of(flows, Flow::eventId, UUID[]::new), Columns.of(flows, Flow::ticketId, Long[]::new),
                        Columns.of(flows, Flow::kind, String[]::new), Columns.of(flows, Flow::at, OffsetDateTime[]::new)))
                .replaceWithVoid();
    }

    public Uni<Void> measures(SqlConnection c, List<Measure> measures) {
        if (measures.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return c.preparedQuery("INSERT INTO sla_measure (event_id, ticket_id, metric, ended_at, elapsed_seconds, elapsed_business_seconds,"
                        + " running_seconds, running_business_seconds, breached) SELECT * FROM unnest($1::uuid[], $2::bigint[], $3::text[],"
                        + " $4::timestamptz[], $5::bigint[], $6::bigint[], $7::bigint[], $8::bigint[], $9::boolean[]) ON CONFLICT DO NOTHING")
                .execute(Tuple.from(List.<Object>of(Columns.of(measures, Measure::eventId, UUID[]::new),
                        Columns.of(measures, Measure::ticketId, Long[]::new), Columns.of(measures, Measure::metric, String[]::new),
                        Columns.of(measures, Measure::endedAt, OffsetDateTime[]::new), Columns.of(measures, Measure::elapsed, Long[]::new),
                        Columns.of(measures, Measure::elapsedBusiness, Long[]::new), Columns.of(measures, Measure::running, Long[]::new),
                        Columns.of(measures, Measure::runningBusiness, Long[]::new), Columns.of(measures, Measure::breached, Boolean[]::new))))
                .replaceWithVoid();
    }

    public Uni<Void> breaches(SqlConnection c, List<Breach> breaches) {
        if (breaches.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return c.preparedQuery("INSERT INTO sla_breach (event_id, ticket_id, metric, breached_at)"
                        + " SELECT * FROM unnest($1::uuid[], $2::bigint[], $3::text[], $4::timestamptz[]) ON CONFLICT DO NOTHING")
                .execute(Tuple.of(Columns.of(breaches, Breach::eventId, UUID[]::new), Columns.of(breaches, Breach::ticketId, Long[]::new),
                        Columns.of(breaches, Breach::metric, String[]::new), Columns.of(breaches, Breach::at, OffsetDateTime[]::new)))
                .replaceWithVoid();
    }

    /**
     * The tickets' contacts were erased on request: their archived ticket events go (but the erasures' own, which name
     * nobody), and the article drafts quoting them. Escalation events, which hold no personal data, stay.
     */
    public Uni<Void> eraseArchived(SqlConnection c, Collection<Long> ticketIds) {
        if (ticketIds.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Long[] ids = ticketIds.toArray(Long[]::new);
        return c.preparedQuery("DELETE FROM ticket_event WHERE ticket_id = ANY($1) AND topic = 'tickets.v1'"
                        + " AND event_type <> 'io.madoguchi.ticket.contact-erased.v1'").execute(Tuple.of(ids))
                .chain(() -> c.preparedQuery("DELETE FROM article_draft WHERE ticket_ids && $1::bigint[]").execute(Tuple.of(ids)))
                .replaceWithVoid();
    }

    public Uni<Void> deflected(SqlConnection c, List<Deflection> deflections) {
        if (deflections.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return c.preparedQuery("INSERT INTO deflection (inquiry_id, channel, source, received_at)"
                        + " SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::timestamptz[]) ON CONFLICT DO NOTHING")
                .execute(Tuple.of(Columns.of(deflections, Deflection::eventId, UUID[]::new), Columns.of(deflections, Deflection::channel, String[]::new),
                        Columns.of(deflections, Deflection::source, String[]::new),
                        Columns.of(deflections, Deflection::receivedAt, OffsetDateTime[]::new)))
                .replaceWithVoid();
    }

    private static TicketSummary summary(Row row) {
        TicketSummary s = new TicketSummary(row.getLong("ticket_id"), true);
        s.channel = row.getString("channel");
        s.queue = row.getString("queue");
        s.status = row.getString("status");
        s.createdAt = row.getOffsetDateTime("created_at");
        s.messages = row.getInteger("messages");
        s.assignee = row.getString("assignee");
        s.firstReplyAt = row.getOffsetDateTime("first_reply_at");
        s.solvedAt = row.getOffsetDateTime("solved_at");
        s.agentReplies = row.getInteger("agent_replies");
        s.reopens = row.getInteger("reopens");
        s.macroApplied = row.getBoolean("macro_applied");
        s.rating = row.getString("rating");
        s.score = row.getInteger("score");
        s.ratedAt = row.getOffsetDateTime("rated_at");
        s.subject = row.getString("subject");
        s.question = row.getString("question");
        s.requesterName = row.getString("requester_name");
        s.requesterEmail = row.getString("requester_email");
        s.answer = row.getString("answer");
        s.macro = row.getString("macro");
        s.closedAt = row.getOffsetDateTime("closed_at");
        s.rawPurgedAt = row.getOffsetDateTime("raw_purged_at");
        return s;
    }

    private static Tuple summaryColumns(List<TicketSummary> s) {
        List<Object> columns = new ArrayList<>();
        columns.add(Columns.of(s, x -> x.ticketId, Long[]::new));
        columns.add(Columns.of(s, x -> x.channel, String[]::new));
        columns.add(Columns.of(s, x -> x.queue, String[]::new));
        columns.add(Columns.of(s, x -> x.status, String[]::new));
        columns.add(Columns.of(s, x -> x.createdAt, OffsetDateTime[]::new));
        columns.add(Columns.of(s, x -> x.messages, Integer[]::new));
        columns.add(Columns.of(s, x -> x.assignee, String[]::new));
        columns.add(Columns.of(s, x -> x.firstReplyAt, OffsetDateTime[]::new));
        columns.add(Columns.of(s, x -> x.solvedAt, OffsetDateTime[]::new));
        columns.add(Columns.of(s, x -> x.agentReplies, Integer[]::new));
        columns.add(Columns.of(s, x -> x.reopens, Integer[]::new));
        columns.add(Columns.of(s, x -> x.macroApplied, Boolean[]::new));
        columns.add(Columns.of(s, x -> x.rating, String[]::new));
        columns.add(Columns.of(s, x -> x.score, Integer[]::new));
        columns.add(Columns.of(s, x -> x.ratedAt, OffsetDateTime[]::new));
        columns.add(Columns.of(s, x -> x.subject, String[]::new));
        columns.add(Columns.of(s, x -> x.question, String[]::new));
        columns.add(Columns.of(s, x -> x.requesterName, String[]::new));
        columns.add(Columns.of(s, x -> x.requesterEmail, String[]::new));
        columns.add(Columns.of(s, x -> x.answer, String[]::new));
        columns.add(Columns.of(s, x -> x.macro, String[]::new));
        columns.add(Columns.of(s, x -> x.closedAt, OffsetDateTime[]::new));
        columns.add(Columns.of(s, x -> x.rawPurgedAt, OffsetDateTime[]::new));
        return Tuple.from(columns);
    }

}
