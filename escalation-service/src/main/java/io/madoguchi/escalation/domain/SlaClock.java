package io.madoguchi.escalation.domain;

import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

import io.madoguchi.escalation.service.calendar.BusinessCalendar;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

/**
 * An SLA clock: a target of (business or calendar) time that runs, pauses and stops with the ticket. Its due
 * and warning instants are recomputed whenever it starts, resumes or changes target.
 */
@Entity
@Table(name = "sla_clock")
@IdClass(SlaClock.Key.class)
public class SlaClock {

    @Id
    @Column(name = "ticket_id")
    public Long ticketId;

    @Id
    public String metric;

    /** The queue the ticket was routed to, whose policy may set the targets. */
    public String queue;

    /** The requester's customer segment, whose policy may set the targets. */
    public String segment;

    public String priority;

    @Column(name = "target_seconds")
    public long targetSeconds;

    @Column(name = "business_hours")
    public boolean businessHours;

    @Column(name = "consumed_seconds")
    public long consumedSeconds;

    /** Time the clock ran, counted round the clock and in business hours, whatever the target's mode. */
    @Column(name = "running_calendar_seconds")
    public long runningCalendarSeconds;

    @Column(name = "running_business_seconds")
    public long runningBusinessSeconds;

    @Column(name = "started_at")
    public Instant startedAt;

    @Column(name = "running_since")
    public Instant runningSince;

    @Column(name = "warn_at")
    public Instant warnAt;

    @Column(name = "due_at")
    public Instant dueAt;

    public boolean warned;

    public boolean breached;

    @Column(name = "stopped_at")
    public Instant stoppedAt;

    /** The SLA policy version whose calendar the due and warning times follow. */
    @Column(name = "calendar_version")
    public long calendarVersion;

    public static SlaClock start(long ticketId, String metric, String queue, String segment, String priority, Duration target,
            boolean businessHours, Instant at, int warnAtPercent, BusinessCalendar calendar) {
        SlaClock clock = new SlaClock();
        clock.ticketId = ticketId;
        clock.metric = metric;
        clock.queue = queue;
        clock.segment = segment;
        clock.restart(priority, target, businessHours, at, warnAtPercent, calendar);
        return clock;
    }

    /** From zero again: the next-reply clock does this for each requester message after a reply. */
    public void restart(String priority, Duration target, boolean businessHours, Instant at, int warnAtPercent, BusinessCalendar calendar) {
        this.priority = priority;
        this.targetSeconds = target.toSeconds();
        this.businessHours = businessHours;
        this.consumedSeconds = 0;
        this.runningCalendarSeconds = 0;
        this.runningBusinessSeconds = 0;
        this.startedAt = at;
        this.runningSince = at;
        this.warned = false;
        this.breached = false;
        this.stoppedAt = null;
        schedule(warnAtPercent, calendar);
    }

    public boolean stopped() {
        return stoppedAt != null;
    }

    public void pause(Instant at, BusinessCalendar calendar) {
        if (runningSince == null) {
            return;
        }
        if (at.isAfter(runningSince)) {
            long calendarSeconds = Duration.between(runningSince, at).toSeconds();
            long businessSeconds = calendar.between(runningSince, at).toSeconds();
            consumedSeconds += businessHours ? businessSeconds : calendarSeconds;
            runningCalendarSeconds += calendarSeconds;
            runningBusinessSeconds += businessSeconds;
        }
        runningSince = null;
        dueAt = null;
        warnAt = null;
    }

    public void resume(Instant at, int warnAtPercent, BusinessCalendar calendar) {
        if (stoppedAt != null || runningSince != null) {
            return;
        }
        runningSince = at;
        schedule(warnAtPercent, calendar);
    }

    public void stop(Instant at, BusinessCalendar calendar) {
        if (stoppedAt != null) {
            return;
        }
        pause(at, calendar);
        stoppedAt = at;
    }

    /**
     * The business calendar changed (new hours, a closure added): time used so far is counted by the old calendar,
     * the rest of the target by the new one.
     */
    public void recalendar(Instant at, BusinessCalendar before, BusinessCalendar after, int warnAtPercent) {
        if (runningSince == null) {
            return;
        }
        pause(at, before);
        resume(at, warnAtPercent, after);
    }

    /** A new priority brings a new target; the time already used counts against it. */
    public void retarget(String priority, Duration target, boolean businessHours, int warnAtPercent, BusinessCalendar calendar) {
        this.priority = priority;
        this.targetSeconds = target.toSeconds();
        this.businessHours = businessHours;
        if (runningSince != null) {
            schedule(warnAtPercent, calendar);
        }
    }

    private void schedule(int warnAtPercent, BusinessCalendar calendar) {
        Duration remaining = Duration.ofSeconds(Math.max(0, targetSeconds - consumedSeconds));
        dueAt = plus(runningSince, remaining, calendar);
        long warnSeconds = targetSeconds * warnAtPercent / 100;
        warnAt = !warned && !breached && consumedSeconds < warnSeconds
                ? plus(runningSince, Duration.ofSeconds(warnSeconds - consumedSeconds), calendar) : null;
    }

    private Instant plus(Instant from, Duration amount, BusinessCalendar calendar) {
        return businessHours ? calendar.plus(from, amount) : from.plus(amount);
    }


    public static class Key implements Serializable {
        public Long ticketId;
        public String metric;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(ticketId, k.ticketId) && Objects.equals(metric, k.metric);
        }

        @Override
        public int hashCode() {
            return Objects.hash(ticketId, metric);
        }
    }
}
