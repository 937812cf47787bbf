package io.madoguchi.ticket.service;

import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.madoguchi.ticket.events.InquiryReceived;

import io.madoguchi.ticket.domain.TicketMessage;
import io.madoguchi.ticket.events.TicketEvents;

public final class TicketMessages {

    private TicketMessages() {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<InquiryReceived.Attachment>> ATTACHMENTS = new TypeReference<>() {
    };

    static TicketEvents.Message toEvent(TicketMessage m) {
        return new TicketEvents.Message(m.id, m.inquiryId, m.authorType, m.authorId, m.visibility, m.channel, m.body, m.createdAt,
                attachments(m));
    }

    /** A message's attachments, none when it has none. */
    public static List<InquiryReceived.Attachment> attachments(TicketMessage m) {
        if (m.attachments == null || m.attachments.isEmpty()) {
            return List.of();
        }
        try {
            return JSON.readValue(m.attachments, ATTACHMENTS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("message " + m.id + " keeps unreadable attachments", e);
        }
    }

    /** As the message keeps them: JSON, or null for none. */
    static String attachmentsOf(List<InquiryReceived.Attachment> attachments) {
        if (attachments == null || attachments.isEmpty()) {
            return null;
        }
        try {
            return JSON.writeValueAsString(attachments);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
