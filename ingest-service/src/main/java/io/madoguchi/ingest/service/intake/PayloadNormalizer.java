package io.madoguchi.ingest.service.intake;

import io.madoguchi.ingest.domain.Inquiry;
import io.smallrye.mutiny.Uni;

/**
 * Normalizes a stored raw payload again: for deferred normalization and for the admin's re-normalization after a
 * parser fix. One per kind of raw payload, found by its content type.
 */
public interface PayloadNormalizer {

    String contentType();

    /** Never fails: a payload the parser cannot handle is an {@link Outcome.Fail}, a transient problem a {@link Outcome.Defer}. */
    Uni<Outcome> normalize(Inquiry stored);
}
