package io.madoguchi.escalation.service.sla;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

import io.madoguchi.escalation.service.calendar.BusinessCalendar;
import io.madoguchi.escalation.service.calendar.WeeklyHours;

/**
 * The SLA policy as an admin writes it (JSON or YAML): the support team's business calendar, the targets, and
 * what a breach does. A target applies to tickets of a priority, optionally only in a queue and/or a customer
 * segment (segments are named in the routing rules); for each metric the most specific target that sets it wins.
 * Teams in other time zones get named {@code calendars}; {@code queueCalendars} says which queue counts business
 * hours in which of them, the others count in {@code calendar}, the default.
 */
// what GET adds to a saved version, so a document read can be sent back as it is
@JsonIgnoreProperties({ "version", "savedBy", "savedAt" })
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record SlaPolicy(Calendar calendar, Map<String, Calendar> calendars, Map<String, String> queueCalendars, Integer warnAtPercent,
        List<Target> targets, Map<String, OnBreach> onBreach) {

    public static final int DEFAULT_WARN_AT_PERCENT = 75;
    /** What {@code queueCalendars} may name besides the named calendars: the top-level {@code calendar}. */
    public static final String DEFAULT_CALENDAR = "default";

    public SlaPolicy {
        calendars = calendars == null ? Map.of() : calendars;
        queueCalendars = queueCalendars == null ? Map.of() : queueCalendars;
        warnAtPercent = warnAtPercent == null ? DEFAULT_WARN_AT_PERCENT : warnAtPercent;
        targets = targets == null ? List.of() : targets;
        onBreach = onBreach == null ? Map.of() : onBreach;
    }

    /** A policy with one calendar for every queue. */
    public SlaPolicy(Calendar calendar, Integer warnAtPercent, List<Target> targets, Map<String, OnBreach> onBreach) {
        this(calendar, Map.of(), Map.of(), warnAtPercent, targets, onBreach);
    }

    /** Weekly hours as people write them ({@code mon-fri 09:00-18:00; sat 10:00-13:00}), holidays and closure days. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Calendar(String zone, String hours, Boolean japaneseHolidays, List<LocalDate> closures) {
        public Calendar {
            japaneseHolidays = japaneseHolidays == null ? Boolean.FALSE : japaneseHolidays;
            closures = closures == null ? List.of() : closures;
        }

        /** Throws IllegalArgumentException or DateTimeException when the zone or hours are not valid. */
        public BusinessCalendar build() {
            return new BusinessCalendar(ZoneId.of(zone), WeeklyHours.parse(hours), japaneseHolidays, new HashSet<>(closures));
        }
    }

    /** Targets as ISO-8601 durations, counted in business hours of the calendar unless {@code businessHours} is false. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Target(String priority, String queue, String segment, Duration firstReply, Duration nextReply,
            Duration resolution, Boolean businessHours) {
        public Target {
            businessHours = businessHours == null ? Boolean.TRUE : businessHours;
        }
    }

    /** Besides being announced, a breach can move the ticket to a queue, assign it to that queue's on-call person, raise its priority. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record OnBreach(String queue, Boolean raisePriority, Boolean notifyOnCall) {
        public OnBreach {
            raisePriority = raisePriority == null ? Boolean.FALSE : raisePriority;
            notifyOnCall = notifyOnCall == null ? Boolean.FALSE : notifyOnCall;
        }
    }
}
