package io.madoguchi.ticket.rest;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.madoguchi.ticket.domain.MessageDelivery;
import io.madoguchi.ticket.domain.SlaClock;
import io.madoguchi.ticket.domain.Ticket;
import io.madoguchi.ticket.domain.TicketMessage;
import io.madoguchi.ticket.events.InquiryReceived;
import io.madoguchi.ticket.service.TicketMessages;
import io.madoguchi.ticket.service.TicketQueries.TicketWithMessages;

/**
 * A ticket as the agent API shows it: fields, current queue and the conversation; each public agent reply with its
 * delivery to the customer, and the deliveries that carry no message (acknowledgements, surveys).
 */
public record TicketView(long id, String reference, String conversationKey, String status, String priority, String channel,
        String subject, Requester requester, Long contactId, String queue, String assignee, List<String> tags, int reopens,
        Long followUpOf, Instant createdAt, Instant updatedAt, Instant solvedAt, Instant closedAt, long version,
        @JsonInclude(JsonInclude.Include.NON_NULL) Routing routing, @JsonInclude(JsonInclude.Include.NON_NULL) Sla sla,
        List<Message> messages, List<Delivery> deliveries) {

    /**
     * The next SLA target (its metric and when it falls due; null when no clock runs) and every clock's state, from
     * escalation-service; absent until it announced any.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Sla(String metric, Instant dueAt, List<SlaClock> clocks) {

        static Sla of(Ticket t) {
            return t.slaDueAt == null && t.slaClocks == null ? null : new Sla(t.slaMetric, t.slaDueAt, t.slaClocks);
        }

        /** Only the next due time, for lists. */
        static Sla next(Ticket t) {
            return t.slaDueAt == null ? null : new Sla(t.slaMetric, t.slaDueAt, null);
        }
    }

    /** How it came to its queue and assignee: the rule (or {@code escalation:<reason>}), how a person was chosen, when. */
    public record Routing(String rule, @JsonInclude(JsonInclude.Include.NON_NULL) String via, Instant at) {
    }

    public record Requester(String id, String email, String name) {
    }

    /** {@code delivery} only on public agent replies, the messages that are delivered. */
    /** {@code editedAt} is set when the requester edited the message after it arrived (the body shown is the edit). */
    public record Message(long id, UUID inquiryId, String authorType, String authorId, String visibility, String channel,
            String body, Instant createdAt, @JsonInclude(JsonInclude.Include.NON_NULL) Instant editedAt,
            @JsonInclude(JsonInclude.Include.NON_NULL) Delivery delivery,
            @JsonInclude(JsonInclude.Include.NON_EMPTY) List<InquiryReceived.Attachment> attachments) {
    }

    /**
     * Where a delivery stands: {@code pending} before its first outcome, then {@code sent}, {@code failed} or
     * {@code retrying}; {@code at} is when it got there (sent, failed, or the retry asked for). {@code permanent} tells
     * of a failure whether the channel refused for good (an unknown mailbox: fix the address before retrying) or
     * the attempts ran out on passing trouble (a retry may simply work).
     */
    public record Delivery(String status, UUID deliveryId, String kind, String channel, String reference, String reason,
            @JsonInclude(JsonInclude.Include.NON_NULL) Boolean permanent, Integer attempts, Instant at) {

        static final Delivery PENDING = new Delivery("pending", null, "reply", null, null, null, null, null, null);

        static Delivery of(MessageDelivery d) {
            Instant at = MessageDelivery.RETRYING.equals(d.status) && d.retryRequestedAt != null ? d.retryRequestedAt
                    : d.updatedAt;
            return new Delivery(d.status, d.deliveryId, d.kind, d.channel, d.channelReference, d.reason,
                    MessageDelivery.FAILED.equals(d.status) ? d.permanent : null, d.attempts, at);
        }
    }

    /** A ticket in a list, without its conversation. */
    public record Summary(long id, String reference, String status, String priority, String channel, String subject,
            Requester requester, Long contactId, String queue, String assignee, List<String> tags, Instant createdAt,
            Instant updatedAt, long version, @JsonInclude(JsonInclude.Include.NON_NULL) Sla sla) {

        static Summary of(Ticket t) {
            return new Summary(t.id, "T-" + t.id, t.status, t.priority, t.channel, t.subject,
                    new Requester(t.requesterId, t.requesterEmail, t.requesterName), t.contactId, t.queue, t.assignee,
                    List.of(t.tags), t.createdAt, t.updatedAt, t.version, Sla.next(t));
        }
    }

    static TicketView of(TicketWithMessages found) {
        Ticket t = found.ticket();
        // deliveries come oldest outcome first: should a message have several, the latest is shown
        Map<Long, MessageDelivery> byMessage = found.deliveries().stream().filter(d -> d.messageId != null)
                .collect(Collectors.toMap(d -> d.messageId, Function.identity(), (older, newer) -> newer));
        return new TicketView(t.id, "T-" + t.id, t.conversationKey, t.status, t.priority, t.channel, t.subject,
                new Requester(t.requesterId, t.requesterEmail, t.requesterName), t.contactId, t.queue, t.assignee,
                List.of(t.tags), t.reopens, t.followUpOf, t.createdAt, t.updatedAt, t.solvedAt, t.closedAt, t.version,
                t.routingRule == null ? null : new Routing(t.routingRule, t.routingVia, t.routedAt), Sla.of(t),
                found.messages().stream().map(m -> message(m, byMessage.get(m.id))).toList(),
                found.deliveries().stream().filter(d -> d.messageId == null).map(Delivery::of).toList());
    }

    /** A message just written: a public reply's delivery is pending. */
    static Message message(TicketMessage m) {
        return message(m, null);
    }

    private static Message message(TicketMessage m, MessageDelivery delivery) {
        Delivery shown = !isDelivered(m) ? null : delivery == null ? Delivery.PENDING : Delivery.of(delivery);
        return new Message(m.id, m.inquiryId, m.authorType, m.authorId, m.visibility, m.channel, m.body, m.createdAt, m.editedAt, shown,
                TicketMessages.attachments(m));
    }

    private static boolean isDelivered(TicketMessage m) {
        return TicketMessage.VISIBILITY_PUBLIC.equals(m.visibility) && TicketMessage.AUTHOR_AGENT.equals(m.authorType);
    }
}
