package io.madoguchi.ingest.service.delivery;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

import org.jboss.logging.Logger;

import io.madoguchi.chassis.tracing.MessagingSpans;
import io.madoguchi.ingest.domain.DeliveryTicket;
import io.madoguchi.ingest.events.TicketEvents;
import io.madoguchi.ingest.repository.DeliveryTicketRepository;
import io.madoguchi.ingest.service.delivery.DeliveryPlanner.TicketEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The ticket events that only change what outbound delivery remembers of a ticket (how to reach its requester and the
 * requester's latest inquiry), most of what it reads of {@code tickets.v1}, applied a batch at a time set-based: the batch's
 * tickets read and locked in one statement, the events applied in memory in order, the new tickets inserted and the
 * changed ones updated in one statement each. They need no idempotency mark: an event applied again sets what it set
 * before, and a created event for a known ticket adds nothing.
 */
@ApplicationScoped
public class RememberedTickets {

    private static final Logger LOG = Logger.getLogger(RememberedTickets.class);

    private final Pool pool;
    private final DeliveryTicketRepository tickets;

    public RememberedTickets(Pool pool, DeliveryTicketRepository tickets) {
        this.pool = pool;
        this.tickets = tickets;
    }

    /** A created ticket its channel does not acknowledge, or a message that is no public agent reply. */
    static boolean onlyRemembers(TicketEvent event, Set<String> acknowledgedChannels) {
        return event.data() instanceof TicketEvents.Created created && !acknowledgedChannels.contains(created.channel())
                || event.data() instanceof TicketEvents.MessageAdded added && !added.message().isPublicAgentReply();
    }

    public Uni<Void> apply(List<TicketEvent> events) {
        io.opentelemetry.context.Context batchTrace = io.opentelemetry.context.Context.current();
        List<Long> ids = events.stream().map(RememberedTickets::ticketId).distinct().toList();
        return pool.withTransaction(c -> tickets.lockAll(c, ids).chain(known -> {
            Map<DeliveryTicket, UUID> asRead = new IdentityHashMap<>();
            known.values().forEach(t -> asRead.put(t, t.lastInquiryId));
            List<DeliveryTicket> made = new ArrayList<>();
            for (TicketEvent event : events) {
                MessagingSpans.attachRecord(event);
                if (event.data() instanceof TicketEvents.Created created) {
                    DeliveryTicket ticket = known.get(created.ticketId());
                    if (ticket == null) {
                        ticket = DeliveryPlanner.ticket(created.ticketId(), created.channel(), created.conversationKey(), created.subject(),
                                created.requester());
                        ticket.lastInquiryId = created.message() == null ? null : created.message().inquiryId();
                        known.put(ticket.ticketId, ticket);
                        made.add(ticket);
                    } else if (ticket.lastInquiryId == null && created.message() != null) {
                        // known from a survey request read first (another topic): the created event still tells what mail to answer
                        ticket.lastInquiryId = created.message().inquiryId();
                    }
                } else if (event.data() instanceof TicketEvents.MessageAdded added) {
                    DeliveryTicket ticket = known.get(added.ticketId());
                    if (ticket == null) {
                        LOG.debugf("Ticket %d is unknown to outbound delivery (no created event seen); its message %d changes nothing",
                                added.ticketId(), added.message().messageId());
                    } else if ("requester".equals(added.message().authorType()) && added.message().inquiryId() != null) {
                        ticket.lastInquiryId = added.message().inquiryId();
                    }
                }
            }
            MessagingSpans.attachStatements(events, batchTrace);
            List<DeliveryTicket> changed = asRead.entrySet().stream().filter(e -> !Objects.equals(e.getValue(), e.getKey().lastInquiryId))
                    .map(Map.Entry::getKey).toList();
            return tickets.insertAll(c, made).chain(() -> tickets.updateAll(c, changed));
        }));
    }

    private static long ticketId(TicketEvent event) {
        if (event.data() instanceof TicketEvents.Created created) {
            return created.ticketId();
        }
        return ((TicketEvents.MessageAdded) event.data()).ticketId();
    }
}
