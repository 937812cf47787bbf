package io.madoguchi.escalation.events;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Data of {@code io.madoguchi.escalation.routed.v1}, published to {@code escalations.v1}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EscalationRouted(long ticketId, String queue, String assignee, String assignedVia, String rule, Long ruleVersion, String priority,
        List<String> tags, String channel, Instant routedAt) {

    public static final String TYPE = "io.madoguchi.escalation.routed.v1";
    public static final String TOPIC = "escalations.v1";
    public static final String SOURCE = "/escalation-service";
}
