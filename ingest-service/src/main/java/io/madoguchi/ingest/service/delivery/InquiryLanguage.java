package io.madoguchi.ingest.service.delivery;

import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.madoguchi.ingest.repository.InquiryRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** The language intake guessed for an inquiry (its published event's {@code language}), to answer in it. */
@ApplicationScoped
public class InquiryLanguage {

    private final InquiryRepository inquiries;
    private final ObjectMapper mapper;

    public InquiryLanguage(InquiryRepository inquiries, ObjectMapper mapper) {
        this.inquiries = inquiries;
        this.mapper = mapper;
    }

    /** @return ja, en, … or null when the inquiry is not ingest's own or its language was undecided */
    public Uni<String> of(UUID inquiryId) {
        if (inquiryId == null) {
            return Uni.createFrom().nullItem();
        }
        return inquiries.findById(inquiryId).map(inquiry -> {
            if (inquiry == null || inquiry.eventData == null) {
                return null;
            }
            try {
                String language = mapper.readTree(inquiry.eventData).path("language").asText(null);
                return "und".equals(language) ? null : language;
            } catch (JsonProcessingException e) {
                return null;
            }
        });
    }
}
