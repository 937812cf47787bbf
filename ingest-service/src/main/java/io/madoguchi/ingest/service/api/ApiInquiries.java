package io.madoguchi.ingest.service.api;

import java.io.IOException;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

import io.madoguchi.ingest.events.InquiryReceived.Requester;
import io.madoguchi.ingest.domain.Inquiry;
import io.madoguchi.ingest.service.intake.Normalized;
import io.madoguchi.ingest.service.intake.Outcome;
import io.madoguchi.ingest.service.intake.PayloadNormalizer;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** The JSON API's inquiries: already in our shape, so normalizing is a mapping. */
@ApplicationScoped
public class ApiInquiries implements PayloadNormalizer {

    public static final String CONTENT_TYPE = "application/vnd.madoguchi.inquiry+json";

    private final ObjectReader reader;

    public ApiInquiries(ObjectMapper mapper) {
        this.reader = mapper.readerFor(InquiryRequest.class);
    }

    public InquiryRequest read(JsonNode tree) throws IOException {
        return reader.readValue(tree);
    }

    @Override
    public String contentType() {
        return CONTENT_TYPE;
    }

    @Override
    public Uni<Outcome> normalize(Inquiry stored) {
        try {
            return Uni.createFrom().item(new Outcome.Publish(normalize((InquiryRequest) reader.readValue(stored.rawPayload))));
        } catch (IOException | RuntimeException e) {
            return Uni.createFrom().item(new Outcome.Fail("inquiry JSON unreadable: " + e.getMessage()));
        }
    }

    public Normalized normalize(InquiryRequest request) {
        InquiryRequest.Requester r = request.requester();
        Requester requester = new Requester(r.id() != null ? r.id() : r.email(), r.email(), r.name(), r.phone());
        return new Normalized(null, request.conversationKey(), null, requester, null, request.subject(), request.body(),
                null, Map.of());
    }
}
