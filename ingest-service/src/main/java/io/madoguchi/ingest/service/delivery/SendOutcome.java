package io.madoguchi.ingest.service.delivery;

import java.time.Duration;

/**
 * What one attempt at sending came to.
 *
 * @param reference the channel's id of what was sent, when {@code sent}
 * @param permanent the channel refused for good: trying again cannot help
 * @param retryAfter how long the channel asked us to wait, or null
 */
public record SendOutcome(boolean sent, String reference, boolean permanent, String reason, Duration retryAfter) {

    public static SendOutcome sent(String reference) {
        return new SendOutcome(true, reference, false, null, null);
    }

    public static SendOutcome permanent(String reason) {
        return new SendOutcome(false, null, true, reason, null);
    }

    public static SendOutcome transientFailure(String reason, Duration retryAfter) {
        return new SendOutcome(false, null, false, reason, retryAfter);
    }

    /** A failure the sender did not classify itself: a channel's refusal says so; anything else may pass later. */
    public static SendOutcome of(Throwable failure) {
        if (failure instanceof ChannelRefusal refusal) {
            return refusal.outcome();
        }
        return transientFailure(failure.getMessage() != null ? failure.getMessage() : failure.toString(), null);
    }

    /** Thrown by a sender for an answer of the channel it has classified. */
    public static final class ChannelRefusal extends RuntimeException {

        private final SendOutcome outcome;

        public ChannelRefusal(SendOutcome outcome) {
            super(outcome.reason(), null, false, false);
            this.outcome = outcome;
        }

        public SendOutcome outcome() {
            return outcome;
        }
    }
}
