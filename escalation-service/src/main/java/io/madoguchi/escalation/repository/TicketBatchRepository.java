package io.madoguchi.escalation.repository;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.madoguchi.chassis.sql.Columns;
import io.madoguchi.escalation.domain.Cover;
import io.madoguchi.escalation.domain.RoutingDecision;
import io.madoguchi.escalation.domain.SlaClock;
import io.madoguchi.escalation.service.oncall.OnCallBoard;
import io.madoguchi.escalation.service.oncall.OnCallSchedule;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The routing decisions and SLA clocks a batch of ticket events works on, read and written set-based: one statement
 * each for the whole batch, on the batch's own connection and transaction.
 */
@ApplicationScoped
public class TicketBatchRepository {


    private static final String CLOCK_COLUMNS = "ticket_id, metric, queue, segment, priority, target_seconds, business_hours,"
            + " consumed_seconds, running_calendar_seconds, running_business_seconds, started_at, running_since, warn_at, due_at,"
            + " warned, breached, stopped_at, calendar_version";

    private static final String CLOCKS = "unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::bigint[], $7::boolean[],"
            + " $8::bigint[], $9::bigint[], $10::bigint[], $11::timestamptz[], $12::timestamptz[], $13::timestamptz[], $14::timestamptz[],"
            + " $15::boolean[], $16::boolean[], $17::timestamptz[], $18::bigint[]) AS u(" + CLOCK_COLUMNS + ")";

    /** The tickets' decisions, locked for the transaction (the lock order is the tickets' ids). */
    public Uni<Map<Long, RoutingDecision>> decisions(SqlConnection c, Collection<Long> tickets) {
        return c.preparedQuery("SELECT ticket_id, queue, assignee, assigned_via, rule, rule_version, priority, tags, channel, subject,"
                        + " body_excerpt, requester_email, ticket_priority, segment, decided_at FROM routing_decision"
                        + " WHERE ticket_id = ANY($1) ORDER BY ticket_id FOR UPDATE")
                .execute(Tuple.of(tickets.toArray(Long[]::new)))
                .map(rows -> {
                    Map<Long, RoutingDecision> decisions = new HashMap<>();
                    for (Row row : rows) {
                        RoutingDecision d = new RoutingDecision();
                        d.ticketId = row.getLong("ticket_id");
                        d.queue = row.getString("queue");
                        d.assignee = row.getString("assignee");
                        d.assignedVia = row.getString("assigned_via");
                        d.rule = row.getString("rule");
                        d.ruleVersion = row.getLong("rule_version");
                        d.priority = row.getString("priority");
                        d.tags = row.getArrayOfStrings("tags");
                        d.channel = row.getString("channel");
                        d.subject = row.getString("subject");
                        d.bodyExcerpt = row.getString("body_excerpt");
                        d.requesterEmail = row.getString("requester_email");
                        d.ticketPriority = row.getString("ticket_priority");
                        d.segment = row.getString("segment");
                        d.decidedAt = Columns.instant(row.getOffsetDateTime("decided_at"));
                        decisions.put(d.ticketId, d);
                    }
                    return decisions;
                });
    }

    /**
     * The tickets' clocks, locked for the transaction (in the order of their keys), so that the SLA timers skip them
     * meanwhile and this sees what they fired.
     */
    public Uni<List<SlaClock>> clocks(SqlConnection c, Collection<Long> tickets) {
        return c.preparedQuery("SELECT " + CLOCK_COLUMNS + " FROM sla_clock WHERE ticket_id = ANY($1) ORDER BY ticket_id, metric FOR UPDATE")
                .execute(Tuple.of(tickets.toArray(Long[]::new)))
                .map(rows -> {
                    List<SlaClock> clocks = new ArrayList<>();
                    for (Row row : rows) {
                        SlaClock clock = new SlaClock();
                        clock.ticketId = row.getLong("ticket_id");
                        clock.metric = row.getString("metric");
                        clock.queue = row.getString("queue");
                        clock.segment = row.getString("segment");
                        clock.priority = row.getString("priority");
                        clock.targetSeconds = row.getLong("target_seconds");
                        clock.businessHours = row.getBoolean("business_hours");
                        clock.consumedSeconds = row.getLong("consumed_seconds");
                        clock.runningCalendarSeconds = row.getLong("running_calendar_seconds");
                        clock.runningBusinessSeconds = row.getLong("running_business_seconds");
                        clock.startedAt = Columns.instant(row.getOffsetDateTime("started_at"));
                        clock.runningSince = Columns.instant(row.getOffsetDateTime("running_since"));
                        clock.warnAt = Columns.instant(row.getOffsetDateTime("warn_at"));
                        clock.dueAt = Columns.instant(row.getOffsetDateTime("due_at"));
                        clock.warned = row.getBoolean("warned");
                        clock.breached = row.getBoolean("breached");
                        clock.stoppedAt = Columns.instant(row.getOffsetDateTime("stopped_at"));
                        clock.calendarVersion = row.getLong("calendar_version");
                        clocks.add(clock);
                    }
                    return clocks;
                });
    }

    /** Every queue's covers and rota, with the rota overrides that have not ended by {@code at}. */
    public Uni<OnCallBoard> onCall(SqlConnection c, Instant at) {
        return c.query("SELECT id, queue, member, zone, hours, valid_from, valid_until FROM cover ORDER BY id").execute()
                .chain(covers -> c.query("SELECT id, queue, zone, handoff_time, rotation_days, starts_on, members FROM rota").execute()
                        .chain(rotas -> c.preparedQuery("SELECT rota_id, member, starts_at, ends_at FROM rota_override WHERE ends_at > $1")
                                .execute(Tuple.of(Columns.utc(at)))
                                .map(overrides -> board(covers, rotas, overrides))));
    }

    private static OnCallBoard board(Iterable<Row> coverRows, Iterable<Row> rotaRows, Iterable<Row> overrideRows) {
        Map<String, List<Cover>> covers = new LinkedHashMap<>();
        for (Row row : coverRows) {
            Cover cover = new Cover();
            cover.id = row.getLong("id");
            cover.queue = row.getString("queue");
            cover.member = row.getString("member");
            cover.zone = row.getString("zone");
            cover.hours = row.getString("hours");
            cover.validFrom = row.getLocalDate("valid_from");
            cover.validUntil = row.getLocalDate("valid_until");
            covers.computeIfAbsent(cover.queue, q -> new ArrayList<>()).add(cover);
        }
        Map<String, List<OnCallSchedule.Override>> overrides = new HashMap<>();
        for (Row row : overrideRows) {
            overrides.computeIfAbsent(row.getString("rota_id"), id -> new ArrayList<>()).add(new OnCallSchedule.Override(row.getString("member"),
                    row.getOffsetDateTime("starts_at").toInstant(), row.getOffsetDateTime("ends_at").toInstant()));
        }
        Map<String, OnCallBoard.Rota> rotas = new HashMap<>();
        for (Row row : rotaRows) {
            String id = row.getString("id");
            rotas.put(row.getString("queue"), new OnCallBoard.Rota(id, new OnCallSchedule(ZoneId.of(row.getString("zone")),
                    row.getLocalTime("handoff_time"), row.getInteger("rotation_days"), row.getLocalDate("starts_on"),
                    List.of(row.getArrayOfStrings("members")), overrides.getOrDefault(id, List.of()))));
        }
        return new OnCallBoard(covers, rotas);
    }

    private static final String DECISION_COLUMNS = "ticket_id, queue, assignee, assigned_via, rule, rule_version, priority, tags, channel,"
            + " subject, body_excerpt, requester_email, ticket_priority, segment, decided_at, created_event_id";

    private static final String DECISIONS = "unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::bigint[], $7::text[],"
            + " $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::text[], $14::text[], $15::timestamptz[], $16::uuid[])"
            + " AS u(" + DECISION_COLUMNS + ")";

    public Uni<Void> insertDecisions(SqlConnection c, List<RoutingDecision> decisions) {
        if (decisions.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return c.preparedQuery("INSERT INTO routing_decision (" + DECISION_COLUMNS + ") SELECT ticket_id, queue, assignee, assigned_via,"
                        + " rule, rule_version, priority, ARRAY(SELECT jsonb_array_elements_text(tags::jsonb)), channel, subject, body_excerpt,"
                        + " requester_email, ticket_priority, segment, decided_at, created_event_id FROM " + DECISIONS)
                .execute(decisionColumns(decisions))
                .replaceWithVoid();
    }

    /** What a decision may change after it was made: where the ticket went (a tag re-routing it) and the facts an erasure clears. */
    public Uni<Void> updateDecisions(SqlConnection c, List<RoutingDecision> decisions) {
        if (decisions.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return c.preparedQuery("UPDATE routing_decision r SET queue = u.queue, assignee = u.assignee, assigned_via = u.assigned_via,"
                        + " rule = u.rule, rule_version = u.rule_version, priority = u.priority, subject = u.subject, body_excerpt = u.body_excerpt,"
                        + " requester_email = u.requester_email, decided_at = u.decided_at FROM " + DECISIONS + " WHERE r.ticket_id = u.ticket_id")
                .execute(decisionColumns(decisions))
                .replaceWithVoid();
    }

    private static Tuple decisionColumns(List<RoutingDecision> decisions) {
        return Tuple.from(List.<Object>of(
                Columns.of(decisions, d -> d.ticketId, Long[]::new),
                Columns.of(decisions, d -> d.queue, String[]::new),
                Columns.of(decisions, d -> d.assignee, String[]::new),
                Columns.of(decisions, d -> d.assignedVia, String[]::new),
                Columns.of(decisions, d -> d.rule, String[]::new),
                Columns.of(decisions, d -> d.ruleVersion, Long[]::new),
                Columns.of(decisions, d -> d.priority, String[]::new),
                Columns.textArrays(decisions, d -> d.tags),
                Columns.of(decisions, d -> d.channel, String[]::new),
                Columns.of(decisions, d -> d.subject, String[]::new),
                Columns.of(decisions, d -> d.bodyExcerpt, String[]::new),
                Columns.of(decisions, d -> d.requesterEmail, String[]::new),
                Columns.of(decisions, d -> d.ticketPriority, String[]::new),
                Columns.of(decisions, d -> d.segment, String[]::new),
                Columns.times(decisions, d -> d.decidedAt),
                Columns.of(decisions, d -> d.createdEventId, UUID[]::new)));
    }

    public Uni<Void> insertClocks(SqlConnection c, List<SlaClock> clocks) {
        if (clocks.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return c.preparedQuery("INSERT INTO sla_clock (" + CLOCK_COLUMNS + ") SELECT * FROM " + CLOCKS)
                .execute(clockColumns(clocks))
                .replaceWithVoid();
    }

    public Uni<Void> updateClocks(SqlConnection c, List<SlaClock> clocks) {
        if (clocks.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return c.preparedQuery("UPDATE sla_clock c SET queue = u.queue, segment = u.segment, priority = u.priority,"
                        + " target_seconds = u.target_seconds, business_hours = u.business_hours, consumed_seconds = u.consumed_seconds,"
                        + " running_calendar_seconds = u.running_calendar_seconds, running_business_seconds = u.running_business_seconds,"
                        + " started_at = u.started_at, running_since = u.running_since, warn_at = u.warn_at, due_at = u.due_at,"
                        + " warned = u.warned, breached = u.breached, stopped_at = u.stopped_at, calendar_version = u.calendar_version"
                        + " FROM " + CLOCKS
                        + " WHERE c.ticket_id = u.ticket_id AND c.metric = u.metric")
                .execute(clockColumns(clocks))
                .replaceWithVoid();
    }

    private static Tuple clockColumns(List<SlaClock> clocks) {
        return Tuple.from(List.<Object>of(
                Columns.of(clocks, k -> k.ticketId, Long[]::new),
                Columns.of(clocks, k -> k.metric, String[]::new),
                Columns.of(clocks, k -> k.queue, String[]::new),
                Columns.of(clocks, k -> k.segment, String[]::new),
                Columns.of(clocks, k -> k.priority, String[]::new),
                Columns.of(clocks, k -> k.targetSeconds, Long[]::new),
                Columns.of(clocks, k -> k.businessHours, Boolean[]::new),
                Columns.of(clocks, k -> k.consumedSeconds, Long[]::new),
                Columns.of(clocks, k -> k.runningCalendarSeconds, Long[]::new),
                Columns.of(clocks, k -> k.runningBusinessSeconds, Long[]::new),
                Columns.times(clocks, k -> k.startedAt),
                Columns.times(clocks, k -> k.runningSince),
                Columns.times(clocks, k -> k.warnAt),
                Columns.times(clocks, k -> k.dueAt),
                Columns.of(clocks, k -> k.warned, Boolean[]::new),
                Columns.of(clocks, k -> k.breached, Boolean[]::new),
                Columns.times(clocks, k -> k.stoppedAt),
                Columns.of(clocks, k -> k.calendarVersion, Long[]::new)));
    }
}
