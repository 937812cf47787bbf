package io.madoguchi.ingest.service.intake;

import io.madoguchi.ingest.domain.IntakeStatus;

/** What intake does with a verified payload. */
public sealed interface Outcome {

    /** A new inquiry: stored and announced as {@code received}. */
    record Publish(Normalized inquiry) implements Outcome {
    }

    /**
     * Stored and flagged but never a ticket: an auto-reply or bounce ({@code automated}), or a chatbot deflection. A
     * bounce of a mail we delivered names that delivery, failed in the same transaction.
     */
    record Record(Normalized inquiry, IntakeStatus status, String reason, Bounce bounce) implements Outcome {

        public Record(Normalized inquiry, IntakeStatus status, String reason) {
            this(inquiry, status, reason, null);
        }
    }

    /** A delivery of ours that a delivery status notification reports failed, and why. */
    record Bounce(java.util.UUID deliveryId, String reason) {
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
