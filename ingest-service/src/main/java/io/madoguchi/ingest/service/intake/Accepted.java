package io.madoguchi.ingest.service.intake;

import io.madoguchi.ingest.domain.Inquiry;

/** @param duplicate true when the payload's dedupe key named an inquiry accepted before; nothing new was stored */
public record Accepted(Inquiry inquiry, boolean duplicate) {
}
