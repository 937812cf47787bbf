package io.madoguchi.ticket.rest;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.madoguchi.ticket.domain.Ticket;
import io.madoguchi.ticket.domain.TicketMessage;
import io.madoguchi.ticket.service.TicketQueries.TicketWithMessages;

/** A ticket as the agent API shows it: fields, current queue and the conversation. */
public record TicketView(long id, String reference, String conversationKey, String status, String priority, String channel,
        String subject, Requester requester, Long contactId, String queue, String assignee, List<String> tags, int reopens,
        Long followUpOf, Instant createdAt, Instant updatedAt, Instant solvedAt, Instant closedAt, long version,
        List<Message> messages) {

    public record Requester(String id, String email, String name) {
    }

    public record Message(long id, UUID inquiryId, String authorType, String authorId, String visibility, String channel,
            String body, Instant createdAt) {
    }

    /** A ticket in a list, without its conversation. */
    public record Summary(long id, String reference, String status, String priority, String channel, String subject,
            Requester requester, Long contactId, String queue, String assignee, List<String> tags, Instant createdAt,
            Instant updatedAt, long version) {

        static Summary of(Ticket t) {
            return new Summary(t.id, "T-" + t.id, t.status, t.priority, t.channel, t.subject,
                    new Requester(t.requesterId, t.requesterEmail, t.requesterName), t.contactId, t.queue, t.assignee,
                    List.of(t.tags), t.createdAt, t.updatedAt, t.version);
        }
    }

    static TicketView of(TicketWithMessages found) {
        Ticket t = found.ticket();
        return new TicketView(t.id, "T-" + t.id, t.conversationKey, t.status, t.priority, t.channel, t.subject,
                new Requester(t.requesterId, t.requesterEmail, t.requesterName), t.contactId, t.queue, t.assignee,
                List.of(t.tags), t.reopens, t.followUpOf, t.createdAt, t.updatedAt, t.solvedAt, t.closedAt, t.version,
                found.messages().stream().map(TicketView::message).toList());
    }

    static Message message(TicketMessage m) {
        return new Message(m.id, m.inquiryId, m.authorType, m.authorId, m.visibility, m.channel, m.body, m.createdAt);
    }
}
