package io.madoguchi.ingest.service.intake;

import io.madoguchi.ingest.domain.IntakeStatus;

/** What intake does with a verified payload. */
public sealed interface Outcome {

    /** A new inquiry: stored and announced as {@code received}. */
    record Publish(Normalized inquiry) implements Outcome {
    }

    /** Stored and flagged but never a ticket: an auto-reply or bounce ({@code automated}), or a chatbot deflection. */
    record Record(Normalized inquiry, IntakeStatus status, String reason) implements Outcome {
    }

    /** Stored raw; normalization needs a call to the channel first and happens after the answer. */
    record Defer(String reason) implements Outcome {
    }

    /** Stored raw: the parser could not normalize a signed, well-formed payload. Replayable after a fix. */
    record Fail(String reason) implements Outcome {
    }

    default IntakeStatus status() {
        if (this instanceof Publish) {
            return IntakeStatus.published;
        }
        if (this instanceof Record r) {
            return r.status();
        }
        return this instanceof Defer ? IntakeStatus.pending : IntakeStatus.failed;
    }
}
