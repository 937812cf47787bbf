package io.madoguchi.ingest.service;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.madoguchi.ingest.domain.Inquiry;
import io.madoguchi.ingest.domain.OutboxEvent;
import io.madoguchi.ingest.events.InquiryReceived;
import io.madoguchi.ingest.messaging.OutboxRelay;
import io.madoguchi.ingest.repository.IdempotencyKeyRepository;
import io.madoguchi.ingest.repository.InquiryRepository;
import io.madoguchi.ingest.repository.OutboxRepository;
import io.madoguchi.ingest.rest.InquiryRequest;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Accepting an inquiry means committing it: the inquiry (with its raw payload) and the outbox row
 * that announces it are written in one transaction; only then does the caller answer 2xx.
 */
@ApplicationScoped
public class InquiryIntakeService {

    private final InquiryRepository inquiries;
    private final IdempotencyKeyRepository keys;
    private final OutboxRepository outbox;
    private final OutboxRelay relay;
    private final ObjectMapper mapper;

    public InquiryIntakeService(InquiryRepository inquiries, IdempotencyKeyRepository keys, OutboxRepository outbox,
            OutboxRelay relay, ObjectMapper mapper) {
        this.inquiries = inquiries;
        this.keys = keys;
        this.outbox = outbox;
        this.relay = relay;
        this.mapper = mapper;
    }

    /**
     * @param idempotencyKey the client's {@code Idempotency-Key}, or null. The same key with the same body
     *                       answers with the inquiry already accepted (nothing new is stored or published);
     *                       with another body it is a conflict.
     */
    public Uni<Inquiry> accept(String source, InquiryRequest request, String rawPayload, String idempotencyKey) {
        Inquiry inquiry = toInquiry(source, request, rawPayload);
        if (idempotencyKey == null) {
            return Panache.withTransaction(() -> store(inquiry)).invoke(relay::wakeUp);
        }
        String hash = sha256(rawPayload);
        // flushed first: the key's row refers to the inquiry, and the claim is plain SQL
        return Panache.withTransaction(() -> inquiries.persistAndFlush(inquiry)
                        .chain(() -> keys.claim(source, idempotencyKey, hash, inquiry.id))
                        .chain(claimed -> claimed
                                ? outbox.persist(announce(inquiry)).replaceWith(inquiry)
                                : Uni.createFrom().failure(new KeyTaken())))
                .invoke(relay::wakeUp)
                .onFailure(KeyTaken.class).recoverWithUni(() -> Panache.withSession(() -> keys.find(source, idempotencyKey))
                        .chain(existing -> {
                            if (!existing.requestHash().equals(hash)) {
                                return Uni.createFrom().failure(new IdempotencyConflict(idempotencyKey));
                            }
                            return Panache.withSession(() -> inquiries.findById(existing.inquiryId()));
                        }));
    }

    private Uni<Inquiry> store(Inquiry inquiry) {
        return inquiries.persist(inquiry).chain(() -> outbox.persist(announce(inquiry))).replaceWith(inquiry);
    }

    /** Rolls the new inquiry back: the key already names an earlier one. */
    private static final class KeyTaken extends RuntimeException {
        KeyTaken() {
            super(null, null, false, false);
        }
    }

    private static String sha256(String text) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Inquiry toInquiry(String source, InquiryRequest request, String rawPayload) {
        Inquiry inquiry = new Inquiry();
        inquiry.id = UUID.randomUUID();
        inquiry.source = source;
        inquiry.channel = request.channel();
        inquiry.conversationKey = request.conversationKey() != null
                ? request.conversationKey()
                : request.channel() + ":" + inquiry.id;
        inquiry.requesterId = request.requester().id();
        inquiry.requesterEmail = request.requester().email();
        inquiry.requesterName = request.requester().name();
        inquiry.requesterPhone = request.requester().phone();
        inquiry.subject = request.subject();
        inquiry.body = request.body();
        inquiry.rawPayload = rawPayload;
        inquiry.receivedAt = Instant.now();
        return inquiry;
    }

    private OutboxEvent announce(Inquiry inquiry) {
        InquiryReceived data = new InquiryReceived(
                inquiry.id,
                inquiry.receivedAt,
                inquiry.channel,
                inquiry.conversationKey,
                new InquiryReceived.Requester(
                        inquiry.requesterId != null ? inquiry.requesterId : inquiry.requesterEmail,
                        inquiry.requesterEmail,
                        inquiry.requesterName,
                        inquiry.requesterPhone),
                inquiry.subject,
                inquiry.body);
        OutboxEvent event = new OutboxEvent();
        event.eventId = UUID.randomUUID();
        event.topic = InquiryReceived.TOPIC;
        event.recordKey = inquiry.conversationKey;
        event.eventType = InquiryReceived.TYPE;
        event.eventSource = "/ingest-service/" + inquiry.channel;
        event.eventTime = inquiry.receivedAt;
        try {
            event.payload = mapper.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Could not serialize inquiry " + inquiry.id, e);
        }
        return event;
    }
}
