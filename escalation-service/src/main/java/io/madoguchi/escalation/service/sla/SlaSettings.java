package io.madoguchi.escalation.service.sla;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * SLA settings from configuration: the timer's interval, and the SLA policy in force until an admin saves one
 * through the API (version 0): targets per ticket priority, optionally per queue, and what a breach does
 * ({@code MADOGUCHI_SLA_PRIORITIES_URGENT_FIRST_REPLY=PT1H}, {@code MADOGUCHI_SLA_QUEUES_BILLING_PRIORITIES_HIGH_FIRST_REPLY=PT2H}).
 */
@ConfigMapping(prefix = "madoguchi.sla")
public interface SlaSettings {

    /** A warning is announced when this share of a target is used. */
    @WithDefault("75")
    int warnAtPercent();

    /** How often the timer looks for due warnings and breaches: the precision of their firing. */
    @WithDefault("1s")
    Duration timerInterval();

    /** How long a replica uses the SLA policy it last read before looking again (a save on it applies at once). */
    @WithDefault("5s")
    Duration policyRefresh();

    /** Targets by priority (low, normal, high, urgent); a metric without a target has no clock. */
    Map<String, Targets> priorities();

    /** Targets for tickets routed to a queue, by priority; a metric a queue leaves out falls back to {@link #priorities()}. */
    Map<String, QueuePolicy> queues();

    interface QueuePolicy {
        Map<String, Targets> priorities();
    }

    /** What a breach of each metric (first-reply, next-reply, resolution) does besides being announced. */
    Map<String, OnBreach> onBreach();

    interface Targets {
        Optional<Duration> firstReply();

        Optional<Duration> nextReply();

        Optional<Duration> resolution();

        /** Business hours of the support calendar, or round-the-clock hours. */
        @WithDefault("true")
        boolean businessHours();
    }

    interface OnBreach {
        /** Move the ticket to this queue. */
        Optional<String> queue();

        /** Raise the ticket's priority one step (low → normal → high → urgent). */
        @WithDefault("false")
        boolean raisePriority();

        /** Assign the ticket to whoever is on call for the rota serving {@link #queue()}. */
        @WithDefault("false")
        boolean notifyOnCall();
    }
}
