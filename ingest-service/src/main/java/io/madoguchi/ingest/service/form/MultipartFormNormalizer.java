package io.madoguchi.ingest.service.form;

import io.madoguchi.ingest.domain.Inquiry;
import io.madoguchi.ingest.service.intake.Outcome;
import io.madoguchi.ingest.service.intake.PayloadNormalizer;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Normalizes a stored contact form posted as multipart/form-data (with its attachments) again, as the form does. */
@ApplicationScoped
public class MultipartFormNormalizer implements PayloadNormalizer {

    private final WebFormSubmission form;

    public MultipartFormNormalizer(WebFormSubmission form) {
        this.form = form;
    }

    @Override
    public String contentType() {
        return MultipartForm.CONTENT_TYPE;
    }

    @Override
    public Uni<Outcome> normalize(Inquiry stored) {
        return form.normalize(stored);
    }
}
