package io.madoguchi.escalation.service.sla;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import io.madoguchi.escalation.service.calendar.BusinessCalendar;

/** One version of the SLA policy, compiled: the calendars built, and targets looked up by specificity. */
public final class SlaTerms {

    /** How long a clock runs and whether in business hours. */
    public record Target(Duration duration, boolean businessHours) {
    }

    private final long version;
    private final SlaPolicy policy;
    private final QueueCalendars calendars;
    private final List<SlaPolicy.Target> bySpecificity;

    public SlaTerms(long version, SlaPolicy policy) {
        this.version = version;
        this.policy = policy;
        this.calendars = new QueueCalendars(policy);
        // a stable sort: among equally specific targets the earlier one wins
        this.bySpecificity = policy.targets().stream()
                .sorted(Comparator.comparingInt(SlaTerms::specificity).reversed()).toList();
    }

    public long version() {
        return version;
    }

    public SlaPolicy policy() {
        return policy;
    }

    /** The default calendar: for queues the policy gives no calendar of their own, and for routing rules' businessHours. */
    public BusinessCalendar calendar() {
        return calendars.defaultCalendar();
    }

    /** The calendar a queue's clocks count business hours in. */
    public BusinessCalendar calendarFor(String queue) {
        return calendars.of(queue);
    }

    public String calendarNameFor(String queue) {
        return calendars.nameFor(queue);
    }

    public int warnAtPercent() {
        return policy.warnAtPercent();
    }

    /**
     * The target for a ticket's metric: of the targets for its priority that name its queue and segment or leave
     * them open, the most specific one that sets this metric (queue and segment before segment before queue).
     */
    public Optional<Target> target(String queue, String segment, String priority, SlaMetric metric) {
        for (SlaPolicy.Target candidate : bySpecificity) {
            if (Objects.equals(candidate.priority(), priority)
                    && (candidate.queue() == null || candidate.queue().equals(queue))
                    && (candidate.segment() == null || candidate.segment().equals(segment))) {
                Optional<Duration> duration = metric.target(candidate);
                if (duration.isPresent()) {
                    return Optional.of(new Target(duration.get(), candidate.businessHours()));
                }
            }
        }
        return Optional.empty();
    }

    public Optional<SlaPolicy.OnBreach> onBreach(String metric) {
        return Optional.ofNullable(policy.onBreach().get(metric));
    }

    /** Queues a breach may escalate to and assign to their on-call person. */
    public List<String> onCallQueues() {
        return policy.onBreach().values().stream().filter(b -> b.notifyOnCall() && b.queue() != null)
                .map(SlaPolicy.OnBreach::queue).distinct().toList();
    }

    private static int specificity(SlaPolicy.Target target) {
        return (target.segment() != null ? 2 : 0) + (target.queue() != null ? 1 : 0);
    }
}
