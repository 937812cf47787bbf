package io.madoguchi.escalation.service.oncall;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;

/**
 * Who is on call: members take turns of {@code rotationDays}, each turn starting at {@code handoff} local time
 * in {@code zone}, the first on {@code startsOn}. Hand-offs follow the zone's wall clock (daylight saving
 * included). An override covering the instant wins; of overlapping overrides the one starting last.
 */
public record OnCallSchedule(ZoneId zone, LocalTime handoff, int rotationDays, LocalDate startsOn, List<String> members,
        List<Override> overrides) {

    public record Override(String member, Instant from, Instant until) {
    }

    public record Shift(String member, Instant from, Instant until, boolean override) {
    }

    public OnCallSchedule {
        if (members.isEmpty()) {
            throw new IllegalArgumentException("a rota needs members");
        }
        if (rotationDays < 1) {
            throw new IllegalArgumentException("rotationDays must be at least 1");
        }
        members = List.copyOf(members);
        overrides = overrides == null ? List.of() : List.copyOf(overrides);
    }

    public Shift at(Instant at) {
        Override override = overrides.stream()
                .filter(o -> !at.isBefore(o.from()) && at.isBefore(o.until()))
                .max(Comparator.comparing(Override::from)).orElse(null);
        if (override != null) {
            return new Shift(override.member(), override.from(), override.until(), true);
        }
        ZonedDateTime local = at.atZone(zone);
        LocalDate handoffDay = local.toLocalTime().isBefore(handoff) ? local.toLocalDate().minusDays(1) : local.toLocalDate();
        long days = ChronoUnit.DAYS.between(startsOn, handoffDay);
        long turn = Math.floorDiv(days, rotationDays);
        LocalDate turnStarts = startsOn.plusDays(turn * rotationDays);
        String member = members.get((int) Math.floorMod(turn, members.size()));
        return new Shift(member, handoffAt(turnStarts), handoffAt(turnStarts.plusDays(rotationDays)), false);
    }

    private Instant handoffAt(LocalDate day) {
        return day.atTime(handoff).atZone(zone).toInstant();
    }
}
