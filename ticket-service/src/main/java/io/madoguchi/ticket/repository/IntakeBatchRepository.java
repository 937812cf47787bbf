package io.madoguchi.ticket.repository;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiConsumer;

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
                    m.editedAt = instant(row.getOffsetDateTime("edited_at"));
                    map.put(m.inquiryId, m);
                }));
    }

    public Uni<Map<IdentityKey, ContactIdentity>> identities(SqlConnection c, Collection<IdentityKey> keys) {
        if (keys.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return c.preparedQuery("SELECT i.id, i.contact_id, i.kind, i.value, i.verified FROM contact_identity i"
                        + " JOIN unnest($1::text[], $2::text[]) AS u(kind, value) ON i.kind = u.kind AND i.value = u.value")
                .execute(Tuple.of(keys.stream().map(IdentityKey::kind).toArray(String[]::new),
                        keys.stream().map(IdentityKey::value).toArray(String[]::new)))
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
                .execute(Tuple.of(conversations.stream().map(Conversation::key).toArray(String[]::new),
                        conversations.stream().map(Conversation::contactId).toArray(Long[]::new)))
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
        return blockIds(c, "ticket_seq", count, new ArrayList<>());
    }

    public Uni<List<Long>> messageIds(SqlConnection c, int count) {
        return blockIds(c, "ticket_message_seq", count, new ArrayList<>());
    }

    /**
     * Ids from a sequence shared with Hibernate Reactive, which takes a value v as the block v … v+49: taking blocks
     * the same way, the two never hand out the same id. Ids are unique, not ordered in time across the two (nor across
     * replicas): a conversation is ordered by creation time.
     */
    private Uni<List<Long>> blockIds(SqlConnection c, String sequence, int count, List<Long> ids) {
        if (ids.size() >= count) {
            return Uni.createFrom().item(ids.subList(0, count));
        }
        int blocks = (count - ids.size() + ID_BLOCK - 1) / ID_BLOCK;
        return c.preparedQuery("SELECT nextval('" + sequence + "') FROM generate_series(1, $1)").execute(Tuple.of(blocks))
                .chain(rows -> {
                    for (Row row : rows) {
                        long low = row.getLong(0);
                        for (long id = low; id < low + ID_BLOCK; id++) {
                            ids.add(id);
                        }
                    }
                    return blockIds(c, sequence, count, ids);
                });
    }

    public Uni<Void> insertContacts(SqlConnection c, List<Contact> contacts) {
        if (contacts.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return c.preparedQuery("INSERT INTO contact (id, display_name, created_at)"
                        + " SELECT * FROM unnest($1::bigint[], $2::text[], $3::timestamptz[])")
                .execute(Tuple.of(contacts.stream().map(x -> x.id).toArray(Long[]::new),
                        contacts.stream().map(x -> x.displayName).toArray(String[]::new),
                        contacts.stream().map(x -> offset(x.createdAt)).toArray(OffsetDateTime[]::new)))
                .replaceWithVoid();
    }

    public Uni<Void> insertIdentities(SqlConnection c, List<ContactIdentity> identities) {
        if (identities.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return c.preparedQuery("INSERT INTO contact_identity (contact_id, kind, value, verified, created_at)"
                        + " SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::boolean[], $5::timestamptz[])")
                .execute(Tuple.of(identities.stream().map(x -> x.contactId).toArray(Long[]::new),
                        identities.stream().map(x -> x.kind).toArray(String[]::new),
                        identities.stream().map(x -> x.value).toArray(String[]::new),
                        identities.stream().map(x -> x.verified).toArray(Boolean[]::new),
                        identities.stream().map(x -> offset(x.createdAt)).toArray(OffsetDateTime[]::new)))
                .replaceWithVoid();
    }

    /** Marks stored identities verified (an e-mail address proved by a mail from it). */
    public Uni<Void> verifyIdentities(SqlConnection c, Collection<IdentityKey> keys) {
        if (keys.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return c.preparedQuery("UPDATE contact_identity i SET verified = true FROM unnest($1::text[], $2::text[]) AS u(kind, value)"
                        + " WHERE i.kind = u.kind AND i.value = u.value AND NOT i.verified")
                .execute(Tuple.of(keys.stream().map(IdentityKey::kind).toArray(String[]::new),
                        keys.stream().map(IdentityKey::value).toArray(String[]::new)))
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
                        tickets.stream().map(t -> t.id).toArray(Long[]::new),
                        tickets.stream().map(t -> t.conversationKey).toArray(String[]::new),
                        tickets.stream().map(t -> t.status).toArray(String[]::new),
                        tickets.stream().map(t -> t.priority).toArray(String[]::new),
                        tickets.stream().map(t -> t.channel).toArray(String[]::new),
                        tickets.stream().map(t -> t.subject).toArray(String[]::new),
                        tickets.stream().map(t -> t.requesterId).toArray(String[]::new),
                        tickets.stream().map(t -> t.requesterEmail).toArray(String[]::new),
                        tickets.stream().map(t -> t.requesterName).toArray(String[]::new),
                        tickets.stream().map(t -> t.contactId).toArray(Long[]::new),
                        tickets.stream().map(t -> t.followUpOf).toArray(Long[]::new),
                        tickets.stream().map(t -> t.reopens).toArray(Integer[]::new),
                        tickets.stream().map(t -> offset(t.createdAt)).toArray(OffsetDateTime[]::new),
                        tickets.stream().map(t -> offset(t.updatedAt)).toArray(OffsetDateTime[]::new),
                        tickets.stream().map(t -> t.version).toArray(Long[]::new))))
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
                        tickets.stream().map(t -> t.id).toArray(Long[]::new),
                        tickets.stream().map(t -> t.version).toArray(Long[]::new),
                        tickets.stream().map(t -> t.status).toArray(String[]::new),
                        tickets.stream().map(t -> t.reopens).toArray(Integer[]::new),
                        tickets.stream().map(t -> offset(t.solvedAt)).toArray(OffsetDateTime[]::new),
                        tickets.stream().map(t -> offset(t.updatedAt)).toArray(OffsetDateTime[]::new))))
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
                        messages.stream().map(m -> m.id).toArray(Long[]::new),
                        messages.stream().map(m -> m.ticketId).toArray(Long[]::new),
                        messages.stream().map(m -> m.inquiryId).toArray(UUID[]::new),
                        messages.stream().map(m -> m.authorType).toArray(String[]::new),
                        messages.stream().map(m -> m.authorId).toArray(String[]::new),
                        messages.stream().map(m -> m.visibility).toArray(String[]::new),
                        messages.stream().map(m -> m.channel).toArray(String[]::new),
                        messages.stream().map(m -> m.body).toArray(String[]::new),
                        messages.stream().map(m -> m.externalId).toArray(String[]::new),
                        messages.stream().map(m -> m.attachments).toArray(String[]::new),
                        messages.stream().map(m -> m.revision).toArray(Integer[]::new),
                        messages.stream().map(m -> offset(m.editedAt)).toArray(OffsetDateTime[]::new),
                        messages.stream().map(m -> offset(m.createdAt)).toArray(OffsetDateTime[]::new))))
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
                .execute(Tuple.of(messages.stream().map(m -> m.id).toArray(Long[]::new),
                        messages.stream().map(m -> m.revision).toArray(Integer[]::new),
                        messages.stream().map(m -> m.body).toArray(String[]::new),
                        messages.stream().map(m -> offset(m.editedAt)).toArray(OffsetDateTime[]::new)))
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
        t.solvedAt = instant(row.getOffsetDateTime("solved_at"));
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

    private static OffsetDateTime offset(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
