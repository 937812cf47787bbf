package io.madoguchi.ingest.service.delivery;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.madoguchi.ingest.domain.DeliveryTicket;
import io.madoguchi.ingest.repository.InquiryRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Where a reply goes in the customer's mail thread: {@code In-Reply-To} the Message-ID of the requester's latest
 * mail on the ticket, {@code References} that mail's chain plus its own id, so that Gmail, Outlook and Japanese
 * clients show the reply in the customer's thread.
 */
@ApplicationScoped
public class EmailThreading {

    /** Mail clients thread on the first and the last few; a chain longer than this keeps the root and the newest. */
    static final int MAX_REFERENCES = 20;

    /** @param references space-separated Message-IDs in angle brackets, oldest first; both null when there is no mail to answer */
    public record Thread(String inReplyTo, String references) {
        static final Thread NONE = new Thread(null, null);
    }

    private final InquiryRepository inquiries;
    private final ObjectMapper mapper;

    public EmailThreading(InquiryRepository inquiries, ObjectMapper mapper) {
        this.inquiries = inquiries;
        this.mapper = mapper;
    }

    public Uni<Thread> of(DeliveryTicket ticket) {
        if (ticket.lastInquiryId == null) {
            return Uni.createFrom().item(Thread.NONE);
        }
        return inquiries.findById(ticket.lastInquiryId).map(inquiry -> inquiry == null || inquiry.eventData == null
                ? Thread.NONE : from(inquiry.eventData));
    }

    Thread from(String eventData) {
        JsonNode refs;
        try {
            refs = mapper.readTree(eventData).path("threadRefs");
        } catch (JsonProcessingException e) {
            return Thread.NONE;
        }
        String messageId = refs.path("messageId").asText(null);
        if (messageId == null || messageId.isBlank()) {
            return Thread.NONE;
        }
        Set<String> chain = new LinkedHashSet<>();
        refs.path("references").forEach(ref -> chain.add(ref.asText()));
        String inReplyTo = refs.path("inReplyTo").asText(null);
        if (inReplyTo != null && !inReplyTo.isBlank()) {
            chain.add(inReplyTo);
        }
        chain.add(messageId);
        return new Thread(angled(messageId), String.join(" ", capped(new ArrayList<>(chain)).stream().map(EmailThreading::angled).toList()));
    }

    /** Intake keeps Message-IDs without their angle brackets; headers need them. */
    private static String angled(String id) {
        return id.startsWith("<") ? id : "<" + id + ">";
    }

    static List<String> capped(List<String> chain) {
        if (chain.size() <= MAX_REFERENCES) {
            return chain;
        }
        List<String> kept = new ArrayList<>();
        kept.add(chain.get(0));
        kept.addAll(chain.subList(chain.size() - (MAX_REFERENCES - 1), chain.size()));
        return kept;
    }
}
