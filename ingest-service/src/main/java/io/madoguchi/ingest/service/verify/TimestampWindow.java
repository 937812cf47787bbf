package io.madoguchi.ingest.service.verify;

import java.time.Clock;
import java.time.Duration;

/** Refuses signed requests whose timestamp is too far from now, so a captured request cannot be replayed later. */
final class TimestampWindow {

    private TimestampWindow() {
    }

    static long check(String unixSeconds, Duration window, Clock clock) {
        long timestamp;
        try {
            timestamp = Long.parseLong(unixSeconds == null ? "" : unixSeconds.trim());
        } catch (NumberFormatException e) {
            throw new SignatureRejected("missing-signature", "The request timestamp is missing or not a number");
        }
        long now = clock.instant().getEpochSecond();
        if (Math.abs(now - timestamp) > window.toSeconds()) {
            throw new SignatureRejected("stale-timestamp", "The request timestamp is outside the " + window.toMinutes()
                    + "-minute window; replays are refused");
        }
        return timestamp;
    }
}
