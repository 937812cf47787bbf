package io.madoguchi.analytics.service;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.madoguchi.analytics.domain.ArchivedEvent;
import io.madoguchi.analytics.domain.Deflection;
import io.madoguchi.analytics.domain.TicketSummary;
import io.madoguchi.analytics.events.TicketEventTypes;
import io.madoguchi.analytics.repository.ArchiveRepository;
import io.madoguchi.analytics.repository.ArchiveRepository.Archived;
import io.madoguchi.analytics.repository.ArchiveRepository.Breach;
import io.madoguchi.analytics.repository.ArchiveRepository.Flow;
import io.madoguchi.analytics.repository.ArchiveRepository.Measure;
import io.madoguchi.chassis.time.Rfc3339;
import io.madoguchi.chassis.tracing.MessagingSpans;
import io.madoguchi.chassis.tracing.Traces;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Archives each event once and folds it into the ticket summaries and the facts, a batch in one transaction,
 * set-based: the batch is archived in one statement, the summaries it touches are read and locked in one, its events
 * are folded onto them in memory one after the other (a ticket's later event onto what its earlier ones left), and
 * each table is written in one statement. An erased contact's ticket loses its archived ticket events, what its
 * summary kept of its text and requester, and the article drafts that quote it; a batch is cut after each erasure, so
 * that events after it are archived after it.
 */
@ApplicationScoped
public class ArchiveService {

    /** What one part of a batch folded, to be written. */
    private static final class Folded {
        final Map<Long, TicketSummary> summaries;
        final Set<TicketSummary> changed = new LinkedHashSet<>();
        final List<Flow> flows = new ArrayList<>();
        final List<Measure> measures = new ArrayList<>();
        final List<Breach> breaches = new ArrayList<>();
        final Set<Long> erased = new LinkedHashSet<>();

        Folded(Map<Long, TicketSummary> stored) {
            this.summaries = stored;
        }

        /** The ticket's summary, started when it has none (but for an erasure, which starts nothing). */
        TicketSummary of(long ticketId, boolean start) {
            TicketSummary summary = summaries.get(ticketId);
            if (summary == null && start) {
                summary = new TicketSummary(ticketId, false);
                summaries.put(ticketId, summary);
            }
            if (summary != null) {
                changed.add(summary);
            }
            return summary;
        }
    }

    private final Pool pool;
    private final ArchiveRepository archive;

    public ArchiveService(Pool pool, ArchiveRepository archive) {
        this.pool = pool;
        this.archive = archive;
    }

    public Uni<Void> record(List<ArchivedEvent> events) {
        io.opentelemetry.context.Context batchTrace = io.opentelemetry.context.Context.current();
        List<List<ArchivedEvent>> parts = cutAfterErasures(inLockOrder(events));
        return pool.withTransaction(c -> recordParts(c, parts, 0, events.size() == 1 ? events.get(0) : null, batchTrace));
    }

    /**
     * The events by ticket, each ticket's in the order they came. Two batches may write one ticket's rows, each in one
     * transaction (the tickets.v1 and escalations.v1 consumers its archive, two replicas its summary while partitions
     * move); taking the tickets' row locks in one order (ascending id), in every consumer and replica, keeps them from
     * waiting on each other in a deadlock.
     */
    static List<ArchivedEvent> inLockOrder(List<ArchivedEvent> events) {
        return events.stream().sorted(Comparator.comparingLong(ArchivedEvent::ticketId)).toList();
    }

    public Uni<Void> deflected(List<Deflection> deflections) {
        return pool.withTransaction(c -> archive.deflected(c, deflections));
    }

    private static List<List<ArchivedEvent>> cutAfterErasures(List<ArchivedEvent> events) {
        List<List<ArchivedEvent>> parts = new ArrayList<>();
        List<ArchivedEvent> part = new ArrayList<>();
        for (ArchivedEvent event : events) {
            part.add(event);
            if (TicketEventTypes.CONTACT_ERASED.equals(event.type())) {
                parts.add(part);
                part = new ArrayList<>();
            }
        }
        if (!part.isEmpty()) {
            parts.add(part);
        }
        return parts;
    }

    private Uni<Void> recordParts(SqlConnection c, List<List<ArchivedEvent>> parts, int i, ArchivedEvent only,
            io.opentelemetry.context.Context batchTrace) {
        if (i == parts.size()) {
            return Uni.createFrom().voidItem();
        }
        return recordPart(c, parts.get(i), only, batchTrace).chain(() -> recordParts(c, parts, i + 1, only, batchTrace));
    }

    private Uni<Void> recordPart(SqlConnection c, List<ArchivedEvent> part, ArchivedEvent only, io.opentelemetry.context.Context batchTrace) {
        Set<UUID> seen = new HashSet<>();
        List<ArchivedEvent> distinct = part.stream().filter(e -> seen.add(e.id())).toList();
        return archive.archive(c, distinct.stream().map(e -> new Archived(e.id(), e.ticketId(), e.topic(), e.type(), e.time(),
                        archived(e).toString())).toList())
                .chain(fresh -> {
                    List<ArchivedEvent> applied = distinct.stream().filter(e -> fresh.contains(e.id())).toList();
                    List<Long> tickets = applied.stream().filter(e -> touchesSummary(e.type())).map(ArchivedEvent::ticketId).distinct().toList();
                    return archive.lockSummaries(c, tickets).map(stored -> fold(applied, new Folded(stored)));
                })
                .chain(folded -> {
                    // one statement serves every record: under the record's span when there is one, else the batch's
                    if (only != null) {
                        MessagingSpans.attachRecord(only);
                    } else {
                        Traces.attach(batchTrace);
                    }
                    List<TicketSummary> started = folded.changed.stream().filter(s -> !s.stored).toList();
                    List<TicketSummary> updated = folded.changed.stream().filter(s -> s.stored).toList();
                    return archive.insertSummaries(c, started)
                            .chain(() -> archive.updateSummaries(c, updated))
                            .chain(() -> archive.flows(c, folded.flows))
                            .chain(() -> archive.measures(c, folded.measures))
                            .chain(() -> archive.breaches(c, folded.breaches))
                            .chain(() -> archive.eraseArchived(c, folded.erased));
                });
    }

    /** What the archive keeps of an event: all of it, but for an erasure, which names the erased contact's identities. */
    private static JsonNode archived(ArchivedEvent event) {
        if (!TicketEventTypes.CONTACT_ERASED.equals(event.type())) {
            return event.data();
        }
        ObjectNode kept = JsonNodeFactory.instance.objectNode();
        for (String field : List.of("ticketId", "contactId", "erasedBy", "erasedAt")) {
            if (event.data().has(field)) {
                kept.set(field, event.data().get(field));
            }
        }
        return kept;
    }

    /**
     * The events a summary is folded from. A ticket's queue comes from ticket.assigned, which ticket-service emits for
     * every routing decision it applies.
     */
    private static final Set<String> SUMMARY_EVENTS = Set.of(TicketEventTypes.TICKET_CREATED, TicketEventTypes.MESSAGE_ADDED,
            TicketEventTypes.STATUS_CHANGED, TicketEventTypes.ASSIGNED, TicketEventTypes.MACRO_APPLIED, TicketEventTypes.SATISFACTION_RATED,
            TicketEventTypes.CONTACT_ERASED);

    private static boolean touchesSummary(String type) {
        return SUMMARY_EVENTS.contains(type);
    }

    private static Folded fold(List<ArchivedEvent> events, Folded f) {
        for (ArchivedEvent event : events) {
            MessagingSpans.attachRecord(event);
            JsonNode data = event.data();
            long ticket = event.ticketId();
            switch (event.type()) {
                case TicketEventTypes.TICKET_CREATED -> {
                    f.of(ticket, true).created(data.path("channel").asText(null), data.path("status").asText(null), createdAt(event),
                            data.path("subject").asText(null), data.path("message").path("body").asText(null),
                            data.path("requester").path("displayName").asText(null), data.path("requester").path("email").asText(null));
                }
                case TicketEventTypes.MESSAGE_ADDED -> {
                    if (isAgentPublicReply(data)) {
                        f.of(ticket, true).agentReplied(time(data.path("message").path("createdAt"), event),
                                data.path("message").path("body").asText(null));
                    } else {
                        f.of(ticket, true).messageAdded();
                    }
                }
                case TicketEventTypes.STATUS_CHANGED -> statusChanged(f, event, data);
                case TicketEventTypes.ASSIGNED -> f.of(ticket, true).assigned(data.path("queue").asText(null), data.path("assignee").asText(null));
                case TicketEventTypes.MACRO_APPLIED -> f.of(ticket, true).macroApplied(data.path("macroName").asText(null));
                case TicketEventTypes.SATISFACTION_RATED -> f.of(ticket, true).rated(data.path("rating").asText(),
                        data.hasNonNull("score") ? data.path("score").asInt() : null, time(data.path("ratedAt"), event));
                case TicketEventTypes.SLA_BREACHED -> f.breaches.add(new Breach(event.id(), ticket, data.path("metric").asText(),
                        time(data.path("breachedAt"), event)));
                case TicketEventTypes.SLA_MEASURED -> f.measures.add(new Measure(event.id(), ticket, data.path("metric").asText(),
                        time(data.path("endedAt"), event), data.path("elapsedSeconds").asLong(), data.path("elapsedBusinessSeconds").asLong(),
                        data.path("runningSeconds").asLong(), data.path("runningBusinessSeconds").asLong(), data.path("breached").asBoolean()));
                case TicketEventTypes.CONTACT_ERASED -> {
                    TicketSummary summary = f.of(ticket, false);
                    if (summary != null) {
                        summary.erased(time(data.path("erasedAt"), event));
                    }
                    f.erased.add(ticket);
                }
                default -> {
                    // archived only
                }
            }
        }
        return f;
    }

    private static void statusChanged(Folded f, ArchivedEvent event, JsonNode data) {
        String to = data.path("to").asText();
        boolean reopened = data.path("reopened").asBoolean(false);
        OffsetDateTime at = time(data.path("changedAt"), event);
        f.of(event.ticketId(), true).statusChanged(to, reopened, at);
        if ("solved".equals(to)) {
            f.flows.add(new Flow(event.id(), event.ticketId(), "solved", at));
        } else if ("closed".equals(to) && !"solved".equals(data.path("from").asText())) {
            // closed without a solve: it leaves the backlog here
            f.flows.add(new Flow(event.id(), event.ticketId(), "closed", at));
        } else if (reopened) {
            f.flows.add(new Flow(event.id(), event.ticketId(), "reopened", at));
        }
    }

    private static boolean isAgentPublicReply(JsonNode data) {
        return "agent".equals(data.path("message").path("authorType").asText())
                && "public".equals(data.path("message").path("visibility").asText());
    }

    private static OffsetDateTime time(JsonNode value, ArchivedEvent event) {
        return value.isTextual() ? Rfc3339.parse(value.asText()) : event.time();
    }

    private static OffsetDateTime createdAt(ArchivedEvent event) {
        String createdAt = event.data().path("createdAt").asText(null);
        return createdAt != null ? Rfc3339.parse(createdAt) : event.time();
    }
}
