package io.madoguchi.ticket.repository;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

import io.madoguchi.chassis.sql.Columns;
import io.madoguchi.ticket.domain.Contact;
import io.madoguchi.ticket.domain.ContactIdentity;
import io.madoguchi.ticket.domain.Ticket;
import io.madoguchi.ticket.domain.TicketMessage;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.OptimisticLockException;

/**
 * The reads and writes of inquiry intake, set-based: each is one statement for a whole batch, on the batch's own
 * connection and transaction. Rows written here are the same rows the entities map; ids come from the same
 * sequences, in the blocks the ORM expects.
 */
@ApplicationScoped
public class IntakeBatchRepository {

    /** Ticket and message ids are handed out in blocks of this size: the sequences' INCREMENT and the entities' allocationSize. */
    static final int ID_BLOCK = 50;

    /** Of each sequence, the ids of the last block not handed out yet. */
    private final Map<String, Deque<Long>> spare = new ConcurrentHashMap<>();

    private static final String TICKET_COLUMNS = "id, conversation_key, status, contact_id, merged_into, reopens, solved_at, version";

    public record IdentityKey(String kind, String value) {
    }

    public record Conversation(String key, long contactId) {
    }

    /** The newest message carrying a channel message id, and the ticket holding it. */
    public record MessageRef(long messageId, long ticketId) {
    }

    /** Of these inquiries, those that already have a message. */
    public Uni<Set<UUID>> inquiriesWithMessages(SqlConnection c, Collection<UUID> inquiryIds) {
        if (inquiryIds.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        return c.preparedQuery("SELECT inquiry_id FROM ticket_message WHERE inquiry_id = ANY($1)")
                .execute(Tuple.of(inquiryIds.toArray(UUID[]::new)))
                .map(rows -> collect(rows, new HashSet<>(), (set, row) -> set.add(row.getUUID(0))));
    }

    /** The messages of these inquiries, with what a correction needs of them. */
    public Uni<Map<UUID, TicketMessage>> messagesOfInquiries(SqlConnection c, Collection<UUID> inquiryIds) {
        if (inquiryIds.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return c.preparedQuery("SELECT id, ticket_id, inquiry_id, revision, body, edited_at FROM ticket_message WHERE inquiry_id = ANY($1)")
                .execute(Tuple.of(inquiryIds.toArray(UUID[]::new)))
                .map(rows -> collect(rows, new HashMap<>(), (map, row) -> {
                    TicketMessage m = new TicketMessage();
                    m.id = row.getLong("id");
                    m.ticketId = row.getLong("ticket_id");
                    m.inquiryId = row.getUUID("inquiry_id");
                    m.revision = row.getInteger("revision");
                    m.body = row.getString("body");
                    m.editedAt = Columns.instant(row.getOffsetDateTime("edited_at"));
                    map.put(m.inquiryId, m);
                }));
    }

    public Uni<Map<IdentityKey, ContactIdentity>> identities(SqlConnection c, Collection<IdentityKey> keys) {
        if (keys.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return c.preparedQuery("SELECT i.id, i.contact_id, i.kind, i.value, i.verified FROM contact_identity i"
                        + " JOIN unnest($1::text[], $2::text[]) AS u(kind, value) ON i.kind = u.kind AND i.value = u.value")
                .execute(Tuple.of(Columns.of(keys, IdentityKey::kind, String[]::new),
                        Columns.of(keys, IdentityKey::value, String[]::new)))
                .map(rows -> collect(rows, new HashMap<>(), (map, row) -> {
                    ContactIdentity identity = new ContactIdentity();
                    identity.id = row.getLong("id");
                    identity.contactId = row.getLong("contact_id");
                    identity.kind = row.getString("kind");
                    identity.value = row.getString("value");
                    identity.verified = row.getBoolean("verified");
                    map.put(new IdentityKey(identity.kind, identity.value), identity);
                }));
    }

    public Uni<Map<Long, Ticket>> tickets(SqlConnection c, Collection<Long> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return c.preparedQuery("SELECT " + TICKET_COLUMNS + " FROM ticket WHERE id = ANY($1)")
                .execute(Tuple.of(ids.toArray(Long[]::new)))
                .map(rows -> collect(rows, new HashMap<>(), (map, row) -> map.put(row.getLong("id"), ticket(row))));
    }

    /** For each channel message id, the newest message carrying it; their tickets go into {@code tickets}. */
    public Uni<Map<String, MessageRef>> newestByExternalId(SqlConnection c, Collection<String> externalIds, Map<Long, Ticket> tickets) {
        if (externalIds.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return c.preparedQuery("SELECT DISTINCT ON (m.external_id) m.external_id, m.id AS message_id, "
                        + prefixed("t.") + " FROM ticket_message m JOIN ticket t ON t.id = m.ticket_id"
                        + " WHERE m.external_id = ANY($1) ORDER BY m.external_id, m.id DESC")
                .execute(Tuple.of(externalIds.toArray(String[]::new)))
                .map(rows -> collect(rows, new HashMap<>(), (map, row) -> {
                    Ticket ticket = tickets.computeIfAbsent(row.getLong("id"), id -> ticket(row));
                    map.put(row.getString("external_id"), new MessageRef(row.getLong("message_id"), ticket.id));
                }));
    }

    /** The newest ticket of each conversation for its contact. */
    public Uni<Map<Conversation, Ticket>> latestInConversations(SqlConnection c, Collection<Conversation> conversations) {
        if (conversations.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return c.preparedQuery("SELECT t.* FROM unnest($1::text[], $2::bigint[]) AS u(conversation_key, contact_id)"
                        + " CROSS JOIN LATERAL (SELECT " + TICKET_COLUMNS + " FROM ticket WHERE conversation_key = u.conversation_key"
                        + " AND contact_id = u.contact_id ORDER BY id DESC LIMIT 1) t")
                .execute(Tuple.of(Columns.of(conversations, Conversation::key, String[]::new),
                        Columns.of(conversations, Conversation::contactId, Long[]::new)))
                .map(rows -> collect(rows, new HashMap<>(), (map, row) -> {
                    Ticket ticket = ticket(row);
                    map.put(new Conversation(ticket.conversationKey, ticket.contactId), ticket);
                }));
    }

    /** {@code count} new contact ids. */
    public Uni<List<Long>> contactIds(SqlConnection c, int count) {
        if (count == 0) {
            return Uni.createFrom().item(List.of());
        }
        return c.preparedQuery("SELECT nextval('contact_id_seq') FROM generate_series(1, $1)").execute(Tuple.of(count))
                .map(rows -> collect(rows, new ArrayList<>(), (ids, row) -> ids.add(row.getLong(0))));
    }

    public Uni<List<Long>> ticketIds(SqlConnection c, int count) {
        return blockIds(c, "ticket_seq", count);
    }

    public Uni<List<Long>> messageIds(SqlConnection c, int count) {
        return blockIds(c, "ticket_message_seq", count);
    }

    /**
     * Ids from a sequence shared with Hibernate Reactive, which takes a value v as the block v … v+49: taking blocks
     * the same way, the two never hand out the same id. What a batch leaves of its last block serves the next batch,
     * so that ticket numbers do not jump by a block per batch. Ids are unique, not ordered in time across the two (nor
     * across replicas): a conversation is ordered by creation time.
     */
    private Uni<List<Long>> blockIds(SqlConnection c, String sequence, int count) {
        List<Long> ids = new ArrayList<>(count);
        Deque<Long> left = spare.computeIfAbsent(sequence, s -> new ArrayDeque<>());
        synchronized (left) {
            while (ids.size() < count && !left.isEmpty()) {
                ids.add(left.poll());
            }
        }
        if (ids.size() == count) {
            return Uni.createFrom().item(ids);
        }
        int blocks = (count - ids.size() + ID_BLOCK - 1) / ID_BLOCK;
        return c.preparedQuery("SELECT nextval('" + sequence + "') FROM generate_series(1, $1)").execute(Tuple.of(blocks))
                .map(rows -> {
                    List<Long> fresh = new ArrayList<>();
                    for (Row row : rows) {
                        long low = row.getLong(0);
                        for (long id = low; id < low + ID_BLOCK; id++) {
                            fresh.add(id);
                        }
                    }
                    int needed = count - ids.size();
                    ids.addAll(fresh.subList(0, needed));
                    synchronized (left) {
                        left.clear();
                        left.addAll(fresh.subList(needed, fresh.size()));
                    }
                    return ids;
                });
    }

    public Uni<Void> insertContacts(SqlConnection c, List<Contact> contacts) {
        if (contacts.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return c.preparedQuery("INSERT INTO contact (id, display_name, created_at)"
                        + " SELECT * FROM unnest($1::bigint[], $2::text[], $3::timestamptz[])")
                .execute(Tuple.of(Columns.of(contacts, x -> x.id, Long[]::new),
                        Columns.of(contacts, x -> x.displayName, String[]::new),
                        Columns.times(contacts, x -> x.createdAt)))
                .replaceWithVoid();
    }

    public Uni<Void> insertIdentities(SqlConnection c, List<ContactIdentity> identities) {
        if (identities.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return c.preparedQuery("INSERT INTO contact_identity (contact_id, kind, value, verified, created_at)"
                        + " SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::boolean[], $5::timestamptz[])")
                .execute(Tuple.of(Columns.of(identities, x -> x.contactId, Long[]::new),
                        Columns.of(identities, x -> x.kind, String[]::new),
                        Columns.of(identities, x -> x.value, String[]::new),
                        Columns.of(identities, x -> x.verified, Boolean[]::new),
                        Columns.times(identities, x -> x.createdAt)))
                .replaceWithVoid();
    }

    /** Marks stored identities verified (an e-mail address proved by a mail from it). */
    public Uni<Void> verifyIdentities(SqlConnection c, Collection<IdentityKey> keys) {
        if (keys.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return c.preparedQuery("UPDATE contact_identity i SET verified = true FROM unnest($1::text[], $2::text[]) AS u(kind, value)"
                        + " WHERE i.kind = u.kind AND i.value = u.value AND NOT i.verified")
                .execute(Tuple.of(Columns.of(keys, IdentityKey::kind, String[]::new),
                        Columns.of(keys, IdentityKey::value, String[]::new)))
                .replaceWithVoid();
    }

    public Uni<Void> insertTickets(SqlConnection c, List<Ticket> tickets) {
        if (tickets.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return c.preparedQuery("INSERT INTO ticket (id, conversation_key, status, priority, channel, subject, requester_id,"
                        + " requester_email, requester_name, contact_id, follow_up_of, reopens, created_at, updated_at, version)"
                        + " SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],"
                        + " $8::text[], $9::text[], $10::bigint[], $11::bigint[], $12::int[], $13::timestamptz[], $14::timestamptz[],"
                        + " $15::bigint[])")
                .execute(Tuple.from(List.<Object>of(
                        Columns.of(tickets, t -> t.id, Long[]::new),
                        Columns.of(tickets, t -> t.conversationKey, String[]::new),
                        Columns.of(tickets, t -> t.status, String[]::new),
                        Columns.of(tickets, t -> t.priority, String[]::new),
                        Columns.of(tickets, t -> t.channel, String[]::new),
                        Columns.of(tickets, t -> t.subject, String[]::new),
                        Columns.of(tickets, t -> t.requesterId, String[]::new),
                        Columns.of(tickets, t -> t.requesterEmail, String[]::new),
                        Columns.of(tickets, t -> t.requesterName, String[]::new),
                        Columns.of(tickets, t -> t.contactId, Long[]::new),
                        Columns.of(tickets, t -> t.followUpOf, Long[]::new),
                        Columns.of(tickets, t -> t.reopens, Integer[]::new),
                        Columns.times(tickets, t -> t.createdAt),
                        Columns.times(tickets, t -> t.updatedAt),
                        Columns.of(tickets, t -> t.version, Long[]::new))))
                .replaceWithVoid();
    }

    /**
     * Writes what a requester's message changes on tickets read earlier in the transaction: status, reopens, solved
     * and updated times, one version up. Each ticket's {@code version} is the one read; should any have changed since
     * (an agent's edit), nothing is written and the batch is tried again.
     */
    public Uni<Void> updateTickets(SqlConnection c, Collection<Ticket> tickets) {
        if (tickets.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return c.preparedQuery("UPDATE ticket t SET status = u.status, reopens = u.reopens, solved_at = u.solved_at,"
                        + " updated_at = u.updated_at, version = t.version + 1 FROM unnest($1::bigint[], $2::bigint[], $3::text[],"
                        + " $4::int[], $5::timestamptz[], $6::timestamptz[]) AS u(id, version, status, reopens, solved_at, updated_at)"
                        + " WHERE t.id = u.id AND t.version = u.version")
                .execute(Tuple.from(List.<Object>of(
                        Columns.of(tickets, t -> t.id, Long[]::new),
                        Columns.of(tickets, t -> t.version, Long[]::new),
                        Columns.of(tickets, t -> t.status, String[]::new),
                        Columns.of(tickets, t -> t.reopens, Integer[]::new),
                        Columns.times(tickets, t -> t.solvedAt),
                        Columns.times(tickets, t -> t.updatedAt))))
                .invoke(rows -> {
                    if (rows.rowCount() != tickets.size()) {
                        throw new OptimisticLockException((tickets.size() - rows.rowCount()) + " of " + tickets.size()
                                + " tickets changed while their inquiries were applied");
                    }
                })
                .replaceWithVoid();
    }

    public Uni<Void> insertMessages(SqlConnection c, List<TicketMessage> messages) {
        if (messages.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return c.preparedQuery("INSERT INTO ticket_message (id, ticket_id, inquiry_id, author_type, author_id, visibility, channel,"
                        + " body, external_id, attachments, revision, edited_at, created_at) SELECT * FROM unnest($1::bigint[],"
                        + " $2::bigint[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[],"
                        + " $11::int[], $12::timestamptz[], $13::timestamptz[])")
                .execute(Tuple.from(List.<Object>of(
                        Columns.of(messages, m -> m.id, Long[]::new),
                        Columns.of(messages, m -> m.ticketId, Long[]::new),
                        Columns.of(messages, m -> m.inquiryId, UUID[]::new),
                        Columns.of(messages, m -> m.authorType, String[]::new),
                        Columns.of(messages, m -> m.authorId, String[]::new),
                        Columns.of(messages, m -> m.visibility, String[]::new),
                        Columns.of(messages, m -> m.channel, String[]::new),
                        Columns.of(messages, m -> m.body, String[]::new),
                        Columns.of(messages, m -> m.externalId, String[]::new),
                        Columns.of(messages, m -> m.attachments, String[]::new),
                        Columns.of(messages, m -> m.revision, Integer[]::new),
                        Columns.times(messages, m -> m.editedAt),
                        Columns.times(messages, m -> m.createdAt))))
                .replaceWithVoid();
    }

    /** Writes corrected text over stored messages; a message already at that revision or later stays as it is. */
    public Uni<Void> correctMessages(SqlConnection c, Collection<TicketMessage> messages) {
        if (messages.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return c.preparedQuery("UPDATE ticket_message m SET revision = u.revision, body = u.body, edited_at = u.edited_at"
                        + " FROM unnest($1::bigint[], $2::int[], $3::text[], $4::timestamptz[]) AS u(id, revision, body, edited_at)"
                        + " WHERE m.id = u.id AND m.revision < u.revision")
                .execute(Tuple.of(Columns.of(messages, m -> m.id, Long[]::new),
                        Columns.of(messages, m -> m.revision, Integer[]::new),
                        Columns.of(messages, m -> m.body, String[]::new),
                        Columns.times(messages, m -> m.editedAt)))
                .replaceWithVoid();
    }

    private static Ticket ticket(Row row) {
        Ticket t = new Ticket();
        t.id = row.getLong("id");
        t.conversationKey = row.getString("conversation_key");
        t.status = row.getString("status");
        t.contactId = row.getLong("contact_id");
        t.mergedInto = row.getLong("merged_into");
        t.reopens = row.getInteger("reopens");
        t.solvedAt = Columns.instant(row.getOffsetDateTime("solved_at"));
        t.version = row.getLong("version");
        return t;
    }

    private static String prefixed(String alias) {
        return alias + TICKET_COLUMNS.replace(", ", ", " + alias);
    }

    private static <C> C collect(RowSet<Row> rows, C into, BiConsumer<C, Row> add) {
        for (Row row : rows) {
            add.accept(into, row);
        }
        return into;
    }

}
