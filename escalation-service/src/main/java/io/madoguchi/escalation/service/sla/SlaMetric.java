package io.madoguchi.escalation.service.sla;

import java.time.Duration;
import java.util.Arrays;
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

    public static Optional<SlaMetric> byId(String id) {
        return Arrays.stream(values()).filter(metric -> metric.id.equals(id)).findFirst();
    }

    Optional<Duration> target(SlaPolicy.Target target) {
        return Optional.ofNullable(switch (this) {
            case FIRST_REPLY -> target.firstReply();
            case NEXT_REPLY -> target.nextReply();
            case RESOLUTION -> target.resolution();
        });
    }
}
