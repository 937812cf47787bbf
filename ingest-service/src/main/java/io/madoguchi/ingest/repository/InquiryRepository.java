package io.madoguchi.ingest.repository;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import io.madoguchi.chassis.sql.Columns;
import io.madoguchi.ingest.domain.Inquiry;
import io.madoguchi.ingest.domain.IntakeStatus;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

@ApplicationScoped
public class InquiryRepository implements PanacheRepositoryBase<Inquiry, UUID> {

    public Uni<Inquiry> findByDedupeKey(String source, String dedupeKey) {
        if (dedupeKey == null) {
            return Uni.createFrom().nullItem();
        }
        return find("source = ?1 and dedupeKey = ?2", source, dedupeKey).firstResult();
    }

    /** A payload's source and dedupe key, unique among inquiries. */
    public record DedupeKey(String source, String dedupeKey) {
    }

    /** The inquiries these keys name, in one query; the map is the caller's to add to. */
    public Uni<Map<DedupeKey, Inquiry>> findByDedupeKeys(List<DedupeKey> keys) {
        if (keys.isEmpty()) {
            return Uni.createFrom().item(new HashMap<>());
        }
        Set<DedupeKey> wanted = Set.copyOf(keys);
        return list("source in ?1 and dedupeKey in ?2", keys.stream().map(DedupeKey::source).collect(Collectors.toSet()),
                keys.stream().map(DedupeKey::dedupeKey).collect(Collectors.toSet()))
                .map(found -> {
                    Map<DedupeKey, Inquiry> byKey = new HashMap<>();
                    found.stream().filter(i -> wanted.contains(new DedupeKey(i.source, i.dedupeKey)))
                            .forEach(i -> byKey.put(new DedupeKey(i.source, i.dedupeKey), i));
                    return byKey;
                });
    }

    /**
     * As {@link #findByDedupeKeys(List)}, on {@code c}, for accepts committed set-based: of each inquiry what an
     * accept's answer reads (its id, conversation, status and raw payload).
     */
    public Uni<Map<DedupeKey, Inquiry>> findByDedupeKeys(SqlConnection c, List<DedupeKey> keys) {
        if (keys.isEmpty()) {
            return Uni.createFrom().item(new HashMap<>());
        }
        return c.preparedQuery("SELECT i.id, i.source, i.dedupe_key, i.conversation_key, i.status, i.raw_payload FROM inquiry i"
                        + " JOIN unnest($1::text[], $2::text[]) AS k(source, dedupe_key) ON i.source = k.source AND i.dedupe_key = k.dedupe_key"
                        + " WHERE i.dedupe_key IS NOT NULL")
                .execute(Tuple.of(Columns.of(keys, DedupeKey::source, String[]::new), Columns.of(keys, DedupeKey::dedupeKey, String[]::new)))
                .map(rows -> {
                    Map<DedupeKey, Inquiry> byKey = new HashMap<>();
                    for (Row row : rows) {
                        Inquiry inquiry = new Inquiry();
                        inquiry.id = row.getUUID("id");
                        inquiry.source = row.getString("source");
                        inquiry.dedupeKey = row.getString("dedupe_key");
                        inquiry.conversationKey = row.getString("conversation_key");
                        inquiry.status = IntakeStatus.valueOf(row.getString("status"));
                        var raw = row.getBuffer("raw_payload");
                        inquiry.rawPayload = raw == null ? null : raw.getBytes();
                        byKey.put(new DedupeKey(inquiry.source, inquiry.dedupeKey), inquiry);
                    }
                    return byKey;
                });
    }

    /** New inquiries, complete, in one statement on {@code c}, inside its transaction. */
    public Uni<Void> insertAll(SqlConnection c, List<Inquiry> inquiries) {
        if (inquiries.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return c.preparedQuery("INSERT INTO inquiry (id, source, channel, status, status_reason, dedupe_key, channel_message_id,"
                        + " conversation_key, requester_id, requester_email, requester_name, requester_phone, subject, body, event_data,"
                        + " raw_payload, raw_content_type, received_at, next_attempt_at) SELECT * FROM unnest($1::uuid[], $2::text[],"
                        + " $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[],"
                        + " $12::text[], $13::text[], $14::text[], $15::text[], $16::bytea[], $17::text[], $18::timestamptz[],"
                        + " $19::timestamptz[])")
                .execute(Tuple.from(List.<Object>of(
                        Columns.of(inquiries, i -> i.id, UUID[]::new),
                        Columns.of(inquiries, i -> i.source, String[]::new),
                        Columns.of(inquiries, i -> i.channel, String[]::new),
                        Columns.of(inquiries, i -> i.status.name(), String[]::new),
                        Columns.of(inquiries, i -> i.statusReason, String[]::new),
                        Columns.of(inquiries, i -> i.dedupeKey, String[]::new),
                        Columns.of(inquiries, i -> i.channelMessageId, String[]::new),
                        Columns.of(inquiries, i -> i.conversationKey, String[]::new),
                        Columns.of(inquiries, i -> i.requesterId, String[]::new),
                        Columns.of(inquiries, i -> i.requesterEmail, String[]::new),
                        Columns.of(inquiries, i -> i.requesterName, String[]::new),
                        Columns.of(inquiries, i -> i.requesterPhone, String[]::new),
                        Columns.of(inquiries, i -> i.subject, String[]::new),
                        Columns.of(inquiries, i -> i.body, String[]::new),
                        Columns.of(inquiries, i -> i.eventData, String[]::new),
                        Columns.of(inquiries, i -> i.rawPayload == null ? null : Buffer.buffer(i.rawPayload), Buffer[]::new),
                        Columns.of(inquiries, i -> i.rawContentType, String[]::new),
                        Columns.times(inquiries, i -> i.receivedAt),
                        Columns.times(inquiries, i -> i.nextAttemptAt))))
                .replaceWithVoid();
    }

    public Uni<Inquiry> findByDedupeKeyForUpdate(String source, String dedupeKey) {
        return find("source = ?1 and dedupeKey = ?2", source, dedupeKey).withLock(LockModeType.PESSIMISTIC_WRITE).firstResult();
    }
}
