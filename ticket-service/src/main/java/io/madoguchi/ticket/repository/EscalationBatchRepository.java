package io.madoguchi.ticket.repository;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.madoguchi.chassis.sql.Columns;
import io.madoguchi.ticket.domain.SlaClocksColumn;
import io.madoguchi.ticket.domain.Ticket;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.OptimisticLockException;

/**
 * What escalation-service's decisions change on tickets, read and written set-based: one statement each for a whole
 * batch, on the batch's own connection and transaction.
 */
@ApplicationScoped
public class EscalationBatchRepository {

    private static final SlaClocksColumn CLOCKS = new SlaClocksColumn();

    /** A ticket as a batch changes it: {@code versioned} when its own fields changed (an agent's edit then sees a new version). */
    public static final class Changed {
        public final Ticket ticket;
        public final long readVersion;
        public boolean versioned;
        Changed(Ticket ticket) {
            this.ticket = ticket;
            this.readVersion = ticket.version;
        }

        /**
         * Whether an event of this sequence is new to the ticket, and if so takes it as the last applied; an event
         * without one always is (it is told from a redelivery by its id).
         */
        public boolean takes(Long sequence) {
            if (sequence == null) {
                return true;
            }
            if (ticket.escalationSequence != null && sequence <= ticket.escalationSequence) {
                return false;
            }
            ticket.escalationSequence = sequence;
            return true;
        }
    }

    public Uni<Map<Long, Changed>> tickets(SqlConnection c, Collection<Long> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return c.preparedQuery("SELECT id, queue, assignee, priority, tags, routing_rule, routing_via, routed_at, updated_at,"
                        + " sla_due_at, sla_metric, sla_clocks, version, escalation_sequence FROM ticket WHERE id = ANY($1)")
                .execute(Tuple.of(ids.toArray(Long[]::new)))
                .map(rows -> {
                    Map<Long, Changed> tickets = new HashMap<>();
                    for (Row row : rows) {
                        Ticket t = new Ticket();
                        t.id = row.getLong("id");
                        t.queue = row.getString("queue");
                        t.assignee = row.getString("assignee");
                        t.priority = row.getString("priority");
                        t.tags = row.getArrayOfStrings("tags");
                        t.routingRule = row.getString("routing_rule");
                        t.routingVia = row.getString("routing_via");
                        t.routedAt = Columns.instant(row.getOffsetDateTime("routed_at"));
                        t.updatedAt = Columns.instant(row.getOffsetDateTime("updated_at"));
                        t.slaDueAt = Columns.instant(row.getOffsetDateTime("sla_due_at"));
                        t.slaMetric = row.getString("sla_metric");
                        t.slaClocks = CLOCKS.convertToEntityAttribute(row.getString("sla_clocks"));
                        t.version = row.getLong("version");
                        t.escalationSequence = row.getLong("escalation_sequence");
                        tickets.put(t.id, new Changed(t));
                    }
                    return tickets;
                });
    }

    /**
     * Writes the tickets as the batch left them, a version up where their own fields changed (the SLA columns never
     * change it). Should any have changed since they were read (an agent's edit), nothing is written and the batch is
     * tried again.
     */
    public Uni<Void> update(SqlConnection c, List<Changed> changed) {
        if (changed.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return c.preparedQuery("UPDATE ticket t SET queue = u.queue, assignee = u.assignee, priority = u.priority,"
                        + " tags = ARRAY(SELECT jsonb_array_elements_text(u.tags::jsonb)), routing_rule = u.routing_rule,"
                        + " routing_via = u.routing_via, routed_at = u.routed_at, updated_at = u.updated_at, sla_due_at = u.sla_due_at,"
                        + " sla_metric = u.sla_metric, sla_clocks = u.sla_clocks, version = t.version + u.bump,"
                        + " escalation_sequence = u.escalation_sequence"
                        + " FROM unnest($1::bigint[], $2::bigint[], $3::int[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],"
                        + " $9::text[], $10::timestamptz[], $11::timestamptz[], $12::timestamptz[], $13::text[], $14::text[], $15::bigint[])"
                        + " AS u(id, version, bump, queue, assignee, priority, tags, routing_rule, routing_via, routed_at, updated_at,"
                        + " sla_due_at, sla_metric, sla_clocks, escalation_sequence) WHERE t.id = u.id AND t.version = u.version")
                .execute(Tuple.from(List.<Object>of(
                        Columns.of(changed, x -> x.ticket.id, Long[]::new),
                        Columns.of(changed, x -> x.readVersion, Long[]::new),
                        Columns.of(changed, x -> x.versioned ? 1 : 0, Integer[]::new),
                        Columns.of(changed, x -> x.ticket.queue, String[]::new),
                        Columns.of(changed, x -> x.ticket.assignee, String[]::new),
                        Columns.of(changed, x -> x.ticket.priority, String[]::new),
                        Columns.textArrays(changed, x -> x.ticket.tags),
                        Columns.of(changed, x -> x.ticket.routingRule, String[]::new),
                        Columns.of(changed, x -> x.ticket.routingVia, String[]::new),
                        Columns.times(changed, x -> x.ticket.routedAt),
                        Columns.times(changed, x -> x.ticket.updatedAt),
                        Columns.times(changed, x -> x.ticket.slaDueAt),
                        Columns.of(changed, x -> x.ticket.slaMetric, String[]::new),
                        Columns.of(changed, x -> CLOCKS.convertToDatabaseColumn(x.ticket.slaClocks), String[]::new),
                        Columns.of(changed, x -> x.ticket.escalationSequence, Long[]::new))))
                .invoke(rows -> {
                    if (rows.rowCount() != changed.size()) {
                        throw new OptimisticLockException((changed.size() - rows.rowCount()) + " of " + changed.size()
                                + " tickets changed while escalation decisions were applied");
                    }
                })
                .replaceWithVoid();
    }

}
