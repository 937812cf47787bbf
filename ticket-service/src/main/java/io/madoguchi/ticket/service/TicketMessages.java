package io.madoguchi.ticket.service;

import io.madoguchi.ticket.domain.TicketMessage;
import io.madoguchi.ticket.events.TicketEvents;

final class TicketMessages {

    private TicketMessages() {
    }

    static TicketEvents.Message toEvent(TicketMessage m) {
        return new TicketEvents.Message(m.id, m.inquiryId, m.authorType, m.authorId, m.visibility, m.channel, m.body, m.createdAt);
    }
}
