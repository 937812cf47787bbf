package io.madoguchi.escalation.service.sla;

import java.time.Duration;
import java.util.Optional;

/** What an SLA clock measures. */
public enum SlaMetric {
    FIRST_REPLY("first-reply"),
    NEXT_REPLY("next-reply"),
    RESOLUTION("resolution");

    public final String id;

    SlaMetric(String id) {
        this.id = id;
    }

    Optional<Duration> target(SlaSettings.Targets targets) {
        return switch (this) {
            case FIRST_REPLY -> targets.firstReply();
            case NEXT_REPLY -> targets.nextReply();
            case RESOLUTION -> targets.resolution();
        };
    }
}
