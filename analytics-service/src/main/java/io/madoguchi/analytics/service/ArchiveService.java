package io.madoguchi.analytics.service;

import java.time.OffsetDateTime;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.madoguchi.analytics.domain.ArchivedEvent;
import io.madoguchi.analytics.domain.Deflection;
import io.madoguchi.analytics.events.TicketEventTypes;
import io.madoguchi.analytics.repository.ArchiveRepository;
import io.madoguchi.analytics.repository.ArticleDraftRepository;
import io.madoguchi.analytics.repository.RawArchiveRepository;
import io.madoguchi.chassis.tracing.MessagingSpans;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Archives each event once and folds it into the ticket summaries and the facts. A list of events is applied in one
 * transaction, one event after the other: a ticket's later event is projected onto what its earlier ones left. An
 * erased contact's ticket loses its archived ticket events, what its summary kept of its text and requester, and the
 * article drafts that quote it.
 */
@ApplicationScoped
public class ArchiveService {

    private final ArchiveRepository archive;
    private final RawArchiveRepository raw;
    private final ArticleDraftRepository drafts;

    public ArchiveService(ArchiveRepository archive, RawArchiveRepository raw, ArticleDraftRepository drafts) {
        this.archive = archive;
        this.raw = raw;
        this.drafts = drafts;
    }

    public Uni<Void> record(List<ArchivedEvent> events) {
        return inOneTransaction(inLockOrder(events), this::archiveAndProject);
    }

    /**
     * The events by ticket, each ticket's in the order they came. The tickets.v1 and escalations.v1 consumers both
     * write a ticket's rows, each batch in one transaction; taking the tickets' row locks in one order (ascending id),
     * in every consumer and replica, keeps two batches from waiting on each other in a deadlock.
     */
    static List<ArchivedEvent> inLockOrder(List<ArchivedEvent> events) {
        return events.stream().sorted(Comparator.comparingLong(ArchivedEvent::ticketId)).toList();
    }

    public Uni<Void> deflected(List<Deflection> deflections) {
        return inOneTransaction(deflections, d -> archive.deflected(d.eventId(), d.channel(), d.source(), d.receivedAt()));
    }

    /**
     * The steps assume the transaction opened here: they only use the session Panache bound to it. Each runs in the
     * trace of the record its event came from.
     */
    private static <T> Uni<Void> inOneTransaction(List<T> events, Function<T, Uni<Void>> step) {
        return Panache.withTransaction(() -> Multi.createFrom().iterable(events)
                        .onItem().transformToUniAndConcatenate(event -> {
                            MessagingSpans.attachRecord(event);
                            return step.apply(event);
                        })
                        .collect().last())
                .replaceWithVoid();
    }

    private Uni<Void> archiveAndProject(ArchivedEvent event) {
        return archive.archive(event.id(), event.ticketId(), event.topic(), event.type(), event.time(), archived(event).toString())
                .chain(fresh -> fresh ? project(event) : Uni.createFrom().voidItem());
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

    private Uni<Void> project(ArchivedEvent event) {
        JsonNode data = event.data();
        return switch (event.type()) {
            case TicketEventTypes.TICKET_CREATED -> archive.ticketCreated(new ArchiveRepository.Created(event.ticketId(),
                    data.path("channel").asText(null), data.path("status").asText(null), createdAt(event), data.path("subject").asText(null),
                    data.path("message").path("body").asText(null), data.path("requester").path("displayName").asText(null),
                    data.path("requester").path("email").asText(null)))
                    .chain(() -> archive.flow(event.id(), event.ticketId(), "created", createdAt(event)));
            case TicketEventTypes.MESSAGE_ADDED -> isAgentPublicReply(data)
                    ? archive.agentReplied(event.ticketId(), time(data.path("message").path("createdAt"), event),
                            data.path("message").path("body").asText(null))
                    : archive.messageAdded(event.ticketId());
            case TicketEventTypes.STATUS_CHANGED -> statusChanged(event, data);
            case TicketEventTypes.ASSIGNED -> archive.assigned(event.ticketId(), data.path("queue").asText(null),
                    data.path("assignee").asText(null));
            case TicketEventTypes.MACRO_APPLIED -> archive.macroApplied(event.ticketId(), data.path("macroName").asText(null));
            case TicketEventTypes.SATISFACTION_RATED -> archive.rated(event.ticketId(), data.path("rating").asText(),
                    data.hasNonNull("score") ? data.path("score").asInt() : null, time(data.path("ratedAt"), event));
            case TicketEventTypes.ESCALATION_ROUTED -> archive.routed(event.ticketId(), data.path("queue").asText(null));
            case TicketEventTypes.SLA_BREACHED -> archive.slaBreached(event.id(), event.ticketId(), data.path("metric").asText(),
                    time(data.path("breachedAt"), event));
            case TicketEventTypes.SLA_MEASURED -> archive.slaMeasured(event.id(), event.ticketId(), data.path("metric").asText(),
                    time(data.path("endedAt"), event), data.path("elapsedSeconds").asLong(), data.path("elapsedBusinessSeconds").asLong(),
                    data.path("runningSeconds").asLong(), data.path("runningBusinessSeconds").asLong(), data.path("breached").asBoolean());
            case TicketEventTypes.CONTACT_ERASED -> raw.erase(event.ticketId(), time(data.path("erasedAt"), event))
                    .chain(() -> drafts.eraseFor(event.ticketId()));
            default -> Uni.createFrom().voidItem();
        };
    }

    private Uni<Void> statusChanged(ArchivedEvent event, JsonNode data) {
        String to = data.path("to").asText();
        boolean reopened = data.path("reopened").asBoolean(false);
        OffsetDateTime at = time(data.path("changedAt"), event);
        Uni<Void> projected = archive.statusChanged(event.ticketId(), to, reopened, at);
        if ("solved".equals(to)) {
            return projected.chain(() -> archive.flow(event.id(), event.ticketId(), "solved", at));
        }
        if ("closed".equals(to) && !"solved".equals(data.path("from").asText())) {
            // closed without a solve: it leaves the backlog here
            return projected.chain(() -> archive.flow(event.id(), event.ticketId(), "closed", at));
        }
        return reopened ? projected.chain(() -> archive.flow(event.id(), event.ticketId(), "reopened", at)) : projected;
    }

    private static boolean isAgentPublicReply(JsonNode data) {
        return "agent".equals(data.path("message").path("authorType").asText())
                && "public".equals(data.path("message").path("visibility").asText());
    }

    private static OffsetDateTime time(JsonNode value, ArchivedEvent event) {
        return value.isTextual() ? OffsetDateTime.parse(value.asText()) : event.time();
    }

    private static OffsetDateTime createdAt(ArchivedEvent event) {
        String createdAt = event.data().path("createdAt").asText(null);
        return createdAt != null ? OffsetDateTime.parse(createdAt) : event.time();
    }
}
