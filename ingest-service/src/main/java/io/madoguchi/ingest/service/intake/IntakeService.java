package io.madoguchi.ingest.service.intake;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Predicate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.madoguchi.chassis.ids.TimeOrderedUuids;
import io.madoguchi.chassis.outbox.Outbox;
import io.madoguchi.chassis.outbox.OutboxEvent;
import io.madoguchi.chassis.outbox.OutboxRelay;
import io.madoguchi.chassis.tracing.LogIds;
import io.madoguchi.chassis.tracing.Traces;
import io.madoguchi.ingest.domain.Attachment;
import io.madoguchi.ingest.domain.Inquiry;
import io.madoguchi.ingest.domain.IntakeStatus;
import io.madoguchi.ingest.domain.SupersededPayload;
import io.madoguchi.ingest.events.InquiryReceived;
import io.madoguchi.ingest.repository.AttachmentRepository;
import io.madoguchi.ingest.repository.InquiryRepository;
import io.madoguchi.ingest.repository.SupersededPayloadRepository;
import io.madoguchi.ingest.service.delivery.DeliveryBounces;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

/**
 * Accepting a payload means committing it: the raw payload, what it normalized to and the outbox row that
 * announces it are written in one transaction; only then does the adapter answer 2xx. Payloads that arrive while
 * every commit allowed at once is in flight share the next transaction ({@link GroupCommit}). A payload whose dedupe
 * key was seen before from the same source is answered with the inquiry already stored.
 */
@ApplicationScoped
public class IntakeService {

    private static final Logger LOG = Logger.getLogger(IntakeService.class);

    private final InquiryRepository inquiries;
    private final AttachmentRepository attachments;
    private final Outbox outbox;
    private final OutboxRelay relay;
    private final ObjectMapper mapper;
    private final IntakeMetrics metrics;
    private final IntakeLimiter limiter;
    private final DeliveryBounces bounces;
    private final SupersededPayloadRepository superseded;
    private final GroupCommit<Payload, Accepted> commits;
    private final Pool pool;

    public IntakeService(InquiryRepository inquiries, AttachmentRepository attachments, Outbox outbox,
            OutboxRelay relay, ObjectMapper mapper, IntakeMetrics metrics, IntakeLimiter limiter, DeliveryBounces bounces,
            SupersededPayloadRepository superseded, Pool pool, MeterRegistry registry,
            @ConfigProperty(name = "madoguchi.intake.group-commit.max-batch", defaultValue = "64") int maxBatch,
            @ConfigProperty(name = "madoguchi.intake.group-commit.max-in-flight", defaultValue = "2") int maxInFlight) {
        this.commits = new GroupCommit<>("madoguchi.intake", maxBatch, maxInFlight, registry, this::commitTogether, this::commitAlone);
        this.pool = pool;
        this.bounces = bounces;
        this.superseded = superseded;
        this.inquiries = inquiries;
        this.attachments = attachments;
        this.outbox = outbox;
        this.relay = relay;
        this.mapper = mapper;
        this.metrics = metrics;
        this.limiter = limiter;
    }

    public Uni<Accepted> accept(RawPayload raw, Outcome outcome) {
        return Uni.createFrom().deferred(() -> {
            if (!limiter.tryAcquire()) {
                return Uni.createFrom().failure(new IntakeLimiter.Overloaded());
            }
            return commits.submit(new Payload(raw, outcome, io.opentelemetry.context.Context.current())).onTermination().invoke(limiter::release)
                    .invoke(accepted -> {
                        LogIds.inquiry(accepted.inquiry().id);
                        LOG.debugf("Inquiry accepted from %s (%s)", raw.channel(), accepted.duplicate() ? "duplicate" : accepted.inquiry().status);
                        metrics.accepted(raw.channel(), accepted.duplicate() ? "duplicate" : accepted.inquiry().status.name());
                    });
        });
    }

    /** @param trace the accepting request's trace, which its outbox row carries on also when committed with others */
    private record Payload(RawPayload raw, Outcome outcome, io.opentelemetry.context.Context trace) {

        InquiryRepository.DedupeKey key() {
            return raw.dedupeKey() == null ? null : new InquiryRepository.DedupeKey(raw.source(), raw.dedupeKey());
        }
    }

    /**
     * Accepts that arrived together, in one transaction: one query for the dedupe keys they name, then the new
     * inquiries (a payload repeating the key of an earlier payload of the same batch is that one's duplicate). Without
     * attachments or bounces, as nearly every accept is, one statement writes the batch's inquiries and one its outbox
     * rows (so does an accept committed alone); otherwise each is stored in turn through the ORM.
     */
    private Uni<List<Accepted>> commitTogether(List<Payload> payloads) {
        return payloads.stream().allMatch(IntakeService::plain) ? commitSetBased(payloads) : commitInTurn(payloads);
    }

    /** An accept that writes just an inquiry row and at most one outbox row. */
    private static boolean plain(Payload payload) {
        if (payload.outcome() instanceof Outcome.Publish p) {
            return p.inquiry().attachments().isEmpty();
        }
        if (payload.outcome() instanceof Outcome.Record r) {
            return r.bounce() == null && r.inquiry().attachments().isEmpty();
        }
        return true; // deferred or failed: the raw payload alone
    }

    private Uni<List<Accepted>> commitSetBased(List<Payload> payloads) {
        List<InquiryRepository.DedupeKey> keys = payloads.stream().map(Payload::key).filter(Objects::nonNull).toList();
        return pool.withTransaction(c -> inquiries.findByDedupeKeys(c, keys).chain(known -> {
            List<Accepted> answers = new ArrayList<>(payloads.size());
            List<Inquiry> fresh = new ArrayList<>(payloads.size());
            List<OutboxEvent> events = new ArrayList<>(payloads.size());
            for (Payload payload : payloads) {
                InquiryRepository.DedupeKey key = payload.key();
                Inquiry existing = key == null ? null : known.get(key);
                if (existing != null) {
                    answers.add(new Accepted(existing, true));
                    continue;
                }
                Traces.attach(payload.trace());
                Inquiry inquiry = received(payload.raw(), payload.outcome());
                if (inquiry.status != IntakeStatus.pending && inquiry.status != IntakeStatus.failed) {
                    Written written = normalized(inquiry, payload.outcome(), null);
                    if (written.event() != null) {
                        events.add(written.event());
                    }
                }
                if (key != null) {
                    known.put(key, inquiry);
                }
                fresh.add(inquiry);
                answers.add(new Accepted(inquiry, false));
            }
            return inquiries.insertAll(c, fresh).chain(() -> outbox.write(c, events)).replaceWith(answers);
        })).invoke(this::wakeRelay);
    }

    private Uni<List<Accepted>> commitInTurn(List<Payload> payloads) {
        return Panache.withTransaction(() -> inquiries.findByDedupeKeys(payloads.stream().map(Payload::key).filter(Objects::nonNull)
                .toList()).chain(known -> {
                    Uni<List<Accepted>> stored = Uni.createFrom().item(new ArrayList<>());
                    for (Payload payload : payloads) {
                        InquiryRepository.DedupeKey key = payload.key();
                        stored = stored.chain(answers -> {
                            Inquiry existing = key == null ? null : known.get(key);
                            if (existing != null) {
                                answers.add(new Accepted(existing, true));
                                return Uni.createFrom().item(answers);
                            }
                            Traces.attach(payload.trace());
                            return store(payload.raw(), payload.outcome()).map(inquiry -> {
                                if (key != null) {
                                    known.put(key, inquiry);
                                }
                                answers.add(new Accepted(inquiry, false));
                                return answers;
                            });
                        });
                    }
                    return stored;
                })).invoke(this::wakeRelay);
    }

    private Uni<Accepted> commitAlone(Payload payload) {
        RawPayload raw = payload.raw();
        Uni<Accepted> committed = plain(payload) ? commitSetBased(List.of(payload)).map(answers -> answers.get(0))
                : Panache.withTransaction(() -> inquiries.findByDedupeKey(raw.source(), raw.dedupeKey())
                        .chain(existing -> existing != null
                                ? Uni.createFrom().item(new Accepted(existing, true))
                                : store(raw, payload.outcome()).map(stored -> new Accepted(stored, false))))
                        .invoke(accepted -> wakeRelay(List.of(accepted)));
        // a concurrent retry of the same delivery committed first
        return committed.onFailure(UniqueViolation::matches).recoverWithUni(() -> Panache.withSession(
                () -> inquiries.findByDedupeKey(raw.source(), raw.dedupeKey())).map(existing -> new Accepted(existing, true)));
    }

    private void wakeRelay(List<Accepted> accepted) {
        if (accepted.stream().anyMatch(a -> !a.duplicate())) {
            relay.wakeUp();
        }
    }

    /**
     * Normalizes a stored inquiry again: a deferred one for the first time, a failed one after a parser fix, a
     * published one as a correction (a {@code corrected} event with the next revision for the same inquiry id).
     */
    public Uni<Inquiry> renormalize(UUID id, Outcome outcome) {
        return Panache.withTransaction(() -> inquiries.findById(id, LockModeType.PESSIMISTIC_WRITE).chain(inquiry -> {
            if (inquiry == null) {
                return Uni.createFrom().nullItem();
            }
            if (inquiry.status == IntakeStatus.erased) {
                // erased while its normalization ran: what it normalized is the erased person's
                return Uni.createFrom().item(inquiry);
            }
            if (outcome instanceof Outcome.Fail fail) {
                if (inquiry.status == IntakeStatus.published) {
                    return Uni.createFrom().failure(new RenormalizationFailed(fail.reason()));
                }
                inquiry.status = IntakeStatus.failed;
                inquiry.statusReason = fail.reason();
                return Uni.createFrom().item(inquiry);
            }
            if (outcome instanceof Outcome.Defer) {
                return Uni.createFrom().item(inquiry);
            }
            return normalizedAgain(inquiry, outcome).invoke(relay::wakeUp);
        }));
    }

    /** What became of an edit: no inquiry was taken from the message, the edit is older than what we have, or applied. */
    public enum Amendment {
        UNKNOWN_MESSAGE, STALE, APPLIED
    }

    /**
     * A message edited by its author after we took it in. The edit becomes the raw payload the inquiry is normalized
     * from (the one it replaces is kept as superseded); an inquiry already announced is announced again as
     * {@code corrected}, one not yet normalized is normalized from the edit. {@code supersedes} tells whether the edit
     * is newer than what the inquiry holds, so a late or repeated edit changes nothing.
     */
    public Uni<Amendment> amend(RawPayload edit, Normalized normalized, Predicate<Inquiry> supersedes) {
        return Panache.withTransaction(() -> inquiries.findByDedupeKeyForUpdate(edit.source(), edit.dedupeKey()).chain(inquiry -> {
            if (inquiry == null) {
                return Uni.createFrom().item(Amendment.UNKNOWN_MESSAGE);
            }
            if (inquiry.status == IntakeStatus.erased || !supersedes.test(inquiry)) {
                return Uni.createFrom().item(Amendment.STALE);
            }
            Uni<?> kept = inquiry.rawPayload == null ? Uni.createFrom().voidItem() // purged by retention: nothing to keep
                    : superseded.persist(SupersededPayload.of(inquiry, Instant.now()));
            return kept.chain(() -> {
                inquiry.rawPayload = edit.bytes();
                inquiry.rawContentType = edit.contentType();
                return normalizedAgain(inquiry, new Outcome.Publish(normalized));
            }).replaceWith(Amendment.APPLIED);
        })).invoke(amendment -> {
            if (amendment == Amendment.APPLIED) {
                relay.wakeUp();
            }
            metrics.accepted(edit.channel(), amendment == Amendment.APPLIED ? "edited" : "ignored");
        });
    }

    /** An inquiry already announced is announced again, as a correction with the next revision. */
    private Uni<Inquiry> normalizedAgain(Inquiry inquiry, Outcome outcome) {
        boolean correction = inquiry.status == IntakeStatus.published || inquiry.status == IntakeStatus.deflected;
        if (correction) {
            inquiry.revision++;
        }
        return attachments.delete("inquiryId", inquiry.id).chain(() -> apply(inquiry, outcome, correction ? Instant.now() : null, false));
    }

    private Uni<Inquiry> store(RawPayload raw, Outcome outcome) {
        Inquiry inquiry = received(raw, outcome);
        if (inquiry.status == IntakeStatus.pending || inquiry.status == IntakeStatus.failed) {
            return inquiries.persist(inquiry);
        }
        return apply(inquiry, outcome, null, true);
    }

    /** A new inquiry as received; one to normalize later (deferred, or failed) waits for its next attempt. */
    private static Inquiry received(RawPayload raw, Outcome outcome) {
        Inquiry inquiry = new Inquiry();
        inquiry.id = TimeOrderedUuids.next();
        inquiry.source = raw.source();
        inquiry.channel = raw.channel();
        inquiry.dedupeKey = raw.dedupeKey();
        inquiry.rawPayload = raw.bytes();
        inquiry.rawContentType = raw.contentType();
        inquiry.receivedAt = Instant.now();
        inquiry.status = outcome.status();
        if (outcome instanceof Outcome.Defer defer) {
            inquiry.statusReason = defer.reason();
            inquiry.nextAttemptAt = inquiry.receivedAt;
        } else if (outcome instanceof Outcome.Fail fail) {
            inquiry.statusReason = fail.reason();
            inquiry.nextAttemptAt = inquiry.receivedAt;
        }
        return inquiry;
    }

    /** What a normalized inquiry writes besides its own row: its attachments, and the event announcing it, if any. */
    private record Written(List<Attachment> attachments, OutboxEvent event) {
    }

    /**
     * Sets what the outcome normalized to, stores attachment bytes and writes the announcing outbox row. A new inquiry
     * is persisted only once it is complete, so that the transaction inserts it rather than inserting and updating it;
     * its insert goes first at the flush, before the attachments that refer to it.
     */
    private Uni<Inquiry> apply(Inquiry inquiry, Outcome outcome, Instant correctedAt, boolean isNew) {
        Written written = normalized(inquiry, outcome, correctedAt);
        Uni<Void> persisted = isNew ? inquiries.persist(inquiry).replaceWithVoid() : Uni.createFrom().voidItem();
        if (isNew && outcome instanceof Outcome.Record r && r.bounce() != null) {
            persisted = persisted.chain(() -> bounces.fail(r.bounce()));
        }
        Uni<Void> stored = written.attachments().isEmpty() ? persisted : persisted.chain(() -> attachments.persist(written.attachments()));
        if (written.event() == null) {
            return stored.replaceWith(inquiry);
        }
        return stored.chain(() -> outbox.add(written.event())).replaceWith(inquiry);
    }

    /** Sets on the inquiry what the outcome normalized to; the event announcing it carries the current trace. */
    private Written normalized(Inquiry inquiry, Outcome outcome, Instant correctedAt) {
        Normalized n = outcome instanceof Outcome.Publish p ? p.inquiry() : ((Outcome.Record) outcome).inquiry();
        inquiry.status = outcome.status();
        inquiry.statusReason = outcome instanceof Outcome.Record r ? r.reason() : null;
        inquiry.nextAttemptAt = null;
        inquiry.channelMessageId = n.channelMessageId();
        inquiry.conversationKey = n.conversationKey() != null ? n.conversationKey() : inquiry.channel + ":" + inquiry.id;
        inquiry.requesterId = n.requester() == null ? null : n.requester().channelUserId();
        inquiry.requesterEmail = n.requester() == null ? null : n.requester().email();
        inquiry.requesterName = n.requester() == null ? null : n.requester().displayName();
        inquiry.requesterPhone = n.requester() == null ? null : n.requester().phone();
        inquiry.subject = n.subject();
        inquiry.body = n.body();
        InquiryReceived data = new InquiryReceived(inquiry.id, inquiry.receivedAt, inquiry.channel, inquiry.source,
                n.channelMessageId(), inquiry.conversationKey, n.threadRefs(), n.requester(), n.recipients(),
                n.subject(), n.body(), Languages.guess(n.subject(), n.body()),
                n.attachments().stream().map(a -> new InquiryReceived.AttachmentRef(a.filename(), a.contentType(), a.size(), a.sha256())).toList(),
                n.metadata(), correctedAt == null ? null : inquiry.revision, correctedAt);
        inquiry.eventData = json(data);
        String type = correctedAt != null ? InquiryReceived.CORRECTED_TYPE
                : inquiry.status == IntakeStatus.deflected ? InquiryReceived.DEFLECTED_TYPE
                : inquiry.status == IntakeStatus.published ? InquiryReceived.TYPE : null;
        List<Attachment> rows = new ArrayList<>();
        for (int i = 0; i < n.attachments().size(); i++) {
            Normalized.AttachmentData a = n.attachments().get(i);
            Attachment row = new Attachment();
            row.inquiryId = inquiry.id;
            row.position = i;
            row.filename = a.filename();
            row.contentType = a.contentType();
            row.size = a.size();
            row.sha256 = a.sha256();
            row.content = a.content();
            rows.add(row);
        }
        return new Written(rows, type == null ? null : announce(inquiry, type));
    }

    private OutboxEvent announce(Inquiry inquiry, String type) {
        Instant time = InquiryReceived.CORRECTED_TYPE.equals(type) ? Instant.now() : inquiry.receivedAt;
        return outbox.event(InquiryReceived.TOPIC, inquiry.conversationKey, type, "/ingest-service/" + inquiry.channel, null, time,
                inquiry.eventData);
    }

    private String json(InquiryReceived data) {
        try {
            return mapper.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Could not serialize inquiry " + data.inquiryId(), e);
        }
    }

    /** A re-normalization of a published inquiry failed; the inquiry stays as it was. */
    public static class RenormalizationFailed extends RuntimeException {
        public RenormalizationFailed(String reason) {
            super(reason, null, false, false);
        }
    }
}
