package io.madoguchi.ingest.repository;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.madoguchi.chassis.sql.Columns;
import io.madoguchi.ingest.domain.DeliveryTicket;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/** Through the ORM, and set-based on a batch's own connection: one statement for a whole batch's tickets. */
@ApplicationScoped
public class DeliveryTicketRepository implements PanacheRepositoryBase<DeliveryTicket, Long> {

    /** The tickets known of these, locked for the transaction in the order of their ids. */
    public Uni<Map<Long, DeliveryTicket>> lockAll(SqlConnection c, Collection<Long> ticketIds) {
        return c.preparedQuery("SELECT ticket_id, channel, conversation_key, requester_email, requester_user_id, requester_name, subject,"
                        + " queue, last_inquiry_id FROM delivery_ticket WHERE ticket_id = ANY($1) ORDER BY ticket_id FOR UPDATE")
                .execute(Tuple.of(ticketIds.stream().sorted().toArray(Long[]::new)))
                .map(rows -> {
                    Map<Long, DeliveryTicket> tickets = new HashMap<>();
                    for (Row row : rows) {
                        DeliveryTicket t = new DeliveryTicket();
                        t.ticketId = row.getLong("ticket_id");
                        t.channel = row.getString("channel");
                        t.conversationKey = row.getString("conversation_key");
                        t.requesterEmail = row.getString("requester_email");
                        t.requesterUserId = row.getString("requester_user_id");
                        t.requesterName = row.getString("requester_name");
                        t.subject = row.getString("subject");
                        t.queue = row.getString("queue");
                        t.lastInquiryId = row.getUUID("last_inquiry_id");
                        tickets.put(t.ticketId, t);
                    }
                    return tickets;
                });
    }

    public Uni<Void> insertAll(SqlConnection c, List<DeliveryTicket> tickets) {
        if (tickets.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return c.preparedQuery("INSERT INTO delivery_ticket (ticket_id, channel, conversation_key, requester_email, requester_user_id,"
                        + " requester_name, subject, queue, last_inquiry_id) SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[],"
                        + " $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::uuid[])")
                .execute(Tuple.from(List.<Object>of(
                        Columns.of(tickets, t -> t.ticketId, Long[]::new),
                        Columns.of(tickets, t -> t.channel, String[]::new),
                        Columns.of(tickets, t -> t.conversationKey, String[]::new),
                        Columns.of(tickets, t -> t.requesterEmail, String[]::new),
                        Columns.of(tickets, t -> t.requesterUserId, String[]::new),
                        Columns.of(tickets, t -> t.requesterName, String[]::new),
                        Columns.of(tickets, t -> t.subject, String[]::new),
                        Columns.of(tickets, t -> t.queue, String[]::new),
                        Columns.of(tickets, t -> t.lastInquiryId, UUID[]::new))))
                .replaceWithVoid();
    }

    /** What the events {@code RememberedTickets} applies change of a known ticket: the requester's latest inquiry. */
    public Uni<Void> updateAll(SqlConnection c, List<DeliveryTicket> tickets) {
        if (tickets.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return c.preparedQuery("UPDATE delivery_ticket t SET last_inquiry_id = u.last_inquiry_id"
                        + " FROM unnest($1::bigint[], $2::uuid[]) AS u(ticket_id, last_inquiry_id) WHERE t.ticket_id = u.ticket_id")
                .execute(Tuple.from(List.<Object>of(
                        Columns.of(tickets, t -> t.ticketId, Long[]::new),
                        Columns.of(tickets, t -> t.lastInquiryId, UUID[]::new))))
                .replaceWithVoid();
    }
}
