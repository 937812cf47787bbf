package io.madoguchi.escalation.service.sla;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

import io.madoguchi.escalation.service.InvalidInput.Fault;
import io.madoguchi.escalation.service.calendar.WeeklyHours;

/** Checks an SLA policy before it is saved; every fault is named by its path, e.g. {@code targets[2].firstReply}. */
public final class SlaPolicyValidator {

    private static final Set<String> PRIORITIES = Set.of("low", "normal", "high", "urgent");
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    private static final Duration LONGEST = Duration.ofDays(366);
    private static final int MAX_TARGETS = 500;
    private static final int MAX_CLOSURES = 1_000;
    private static final int MAX_CALENDARS = 100;
    private static final int MAX_QUEUE_CALENDARS = 1_000;

    private SlaPolicyValidator() {
    }

    public static List<Fault> validate(SlaPolicy policy) {
        List<Fault> faults = new ArrayList<>();
        calendar(policy.calendar(), "calendar", faults);
        calendars(policy, faults);
        if (policy.warnAtPercent() < 1 || policy.warnAtPercent() > 99) {
            faults.add(new Fault("warnAtPercent", "between 1 and 99"));
        }
        if (policy.targets().size() > MAX_TARGETS) {
            faults.add(new Fault("targets", "at most " + MAX_TARGETS + " targets"));
        }
        record Key(String priority, String queue, String segment) {
        }
        Set<Key> keys = new HashSet<>();
        for (int i = 0; i < policy.targets().size(); i++) {
            SlaPolicy.Target target = policy.targets().get(i);
            String at = "targets[" + i + "]";
            if (target == null) {
                faults.add(new Fault(at, "must be a target"));
                continue;
            }
            if (target.priority() == null || !PRIORITIES.contains(target.priority())) {
                faults.add(new Fault(at + ".priority", "one of low, normal, high, urgent"));
            }
            name(target.queue(), at + ".queue", faults);
            name(target.segment(), at + ".segment", faults);
            if (!keys.add(new Key(target.priority(), target.queue(), target.segment()))) {
                faults.add(new Fault(at, "an earlier target has the same priority, queue and segment"));
            }
            if (target.firstReply() == null && target.nextReply() == null && target.resolution() == null) {
                faults.add(new Fault(at, "sets none of firstReply, nextReply, resolution"));
            }
            duration(target.firstReply(), at + ".firstReply", faults);
            duration(target.nextReply(), at + ".nextReply", faults);
            duration(target.resolution(), at + ".resolution", faults);
        }
        policy.onBreach().forEach((metric, onBreach) -> {
            String at = "onBreach." + metric;
            if (SlaMetric.byId(metric).isEmpty()) {
                faults.add(new Fault(at, "not a metric: first-reply, next-reply or resolution"));
            }
            if (onBreach == null) {
                faults.add(new Fault(at, "must say what a breach does"));
                return;
            }
            name(onBreach.queue(), at + ".queue", faults);
            if (onBreach.notifyOnCall() && onBreach.queue() == null) {
                faults.add(new Fault(at + ".notifyOnCall", "needs a queue whose rota names the on-call person"));
            }
            if (onBreach.queue() == null && !onBreach.raisePriority()) {
                faults.add(new Fault(at, "does nothing: give a queue and/or raisePriority"));
            }
        });
        return faults;
    }

    /** Named calendars are checked like the default one; a queue may only name one of them, or the default. */
    private static void calendars(SlaPolicy policy, List<Fault> faults) {
        if (policy.calendars().size() > MAX_CALENDARS) {
            faults.add(new Fault("calendars", "at most " + MAX_CALENDARS + " calendars"));
        }
        policy.calendars().forEach((name, calendar) -> {
            String at = "calendars." + name;
            if (SlaPolicy.DEFAULT_CALENDAR.equals(name)) {
                faults.add(new Fault(at, "'default' is the top-level calendar; give this one another name"));
            } else {
                name(name, at, faults);
            }
            calendar(calendar, at, faults);
        });
        if (policy.queueCalendars().size() > MAX_QUEUE_CALENDARS) {
            faults.add(new Fault("queueCalendars", "at most " + MAX_QUEUE_CALENDARS + " queues"));
        }
        policy.queueCalendars().forEach((queue, name) -> {
            String at = "queueCalendars." + queue;
            name(queue, at, faults);
            if (name == null || !SlaPolicy.DEFAULT_CALENDAR.equals(name) && !policy.calendars().containsKey(name)) {
                faults.add(new Fault(at, (name == null ? "no calendar named" : "'" + name + "' is not a calendar")
                        + ": name one of calendars " + policy.calendars().keySet() + " or default"));
            }
        });
    }

    private static void calendar(SlaPolicy.Calendar calendar, String at, List<Fault> faults) {
        if (calendar == null) {
            faults.add(new Fault(at, "required: zone and hours"));
            return;
        }
        boolean zoned = false;
        if (calendar.zone() == null) {
            faults.add(new Fault(at + ".zone", "required, e.g. Asia/Tokyo"));
        } else {
            try {
                ZoneId.of(calendar.zone());
                zoned = true;
            } catch (DateTimeException e) {
                faults.add(new Fault(at + ".zone", "'" + calendar.zone() + "' is not a time zone"));
            }
        }
        if (calendar.hours() == null || calendar.hours().isBlank()) {
            faults.add(new Fault(at + ".hours", "required, e.g. 'mon-fri 09:00-18:00'"));
        } else {
            try {
                if (WeeklyHours.parse(calendar.hours()).isEmpty()) {
                    faults.add(new Fault(at + ".hours", "opens on no day"));
                }
                // building finds overlapping hours; it cannot be done without a zone or with a closure that is no date
                if (zoned && calendar.closures().stream().noneMatch(Objects::isNull)) {
                    calendar.build();
                }
            } catch (IllegalArgumentException e) {
                faults.add(new Fault(at + ".hours", e.getMessage()));
            }
        }
        if (calendar.closures().size() > MAX_CLOSURES) {
            faults.add(new Fault(at + ".closures", "at most " + MAX_CLOSURES + " days"));
        }
        if (calendar.closures().stream().anyMatch(Objects::isNull)) {
            faults.add(new Fault(at + ".closures", "must be dates (yyyy-mm-dd)"));
        }
    }

    private static void duration(Duration duration, String at, List<Fault> faults) {
        if (duration != null && (duration.isNegative() || duration.toSeconds() < 1 || duration.compareTo(LONGEST) > 0)) {
            faults.add(new Fault(at, "between 1 second and 366 days, e.g. PT4H"));
        }
    }

    private static void name(String name, String at, List<Fault> faults) {
        if (name != null && !NAME.matcher(name).matches()) {
            faults.add(new Fault(at, "1–64 characters of a–z, 0–9, '.', '_' or '-', starting with a letter or digit"));
        }
    }
}
