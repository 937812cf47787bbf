package io.madoguchi.escalation.service.oncall;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import io.madoguchi.escalation.domain.Cover;
import io.madoguchi.escalation.domain.Rota;
import io.madoguchi.escalation.domain.RotaOverride;
import io.madoguchi.escalation.repository.CoverRepository;
import io.madoguchi.escalation.repository.RotaOverrideRepository;
import io.madoguchi.escalation.repository.RotaRepository;
import io.madoguchi.escalation.service.calendar.BusinessCalendar;
import io.madoguchi.escalation.service.calendar.WeeklyHours;
import io.madoguchi.escalation.service.InvalidInput;
import io.madoguchi.escalation.service.InvalidInput.Fault;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * On-call rotas and delegation covers as admins keep them; who takes a queue's new ticket is {@link OnCallBoard}'s.
 * Call within a Panache session.
 */
@ApplicationScoped
public class OnCallService {

    public record Assignment(String member, String via) {
    }

    public record RotaDefinition(String queue, String zone, LocalTime handoffTime, Integer rotationDays, LocalDate startsOn,
            List<String> members, List<OnCallSchedule.Override> overrides) {
    }

    public record CoverDefinition(String queue, String member, String zone, String hours, LocalDate validFrom, LocalDate validUntil) {
    }

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

    private final RotaRepository rotas;
    private final RotaOverrideRepository overrides;
    private final CoverRepository covers;

    public OnCallService(RotaRepository rotas, RotaOverrideRepository overrides, CoverRepository covers) {
        this.rotas = rotas;
        this.overrides = overrides;
        this.covers = covers;
    }

    public Uni<Rota> rota(String id) {
        return rotas.findById(id);
    }

    public Uni<List<Rota>> rotas() {
        return rotas.listAll(io.quarkus.panache.common.Sort.by("id"));
    }

    public Uni<OnCallSchedule> schedule(Rota rota) {
        return overrides.ofRota(rota.id).map(list -> new OnCallSchedule(ZoneId.of(rota.zone), rota.handoffTime, rota.rotationDays,
                rota.startsOn, List.of(rota.members),
                list.stream().map(o -> new OnCallSchedule.Override(o.member, o.startsAt, o.endsAt)).toList()));
    }

    /** Creates or replaces a rota with its overrides. Call within a transaction. */
    public Uni<Rota> saveRota(String id, RotaDefinition definition, String by) {
        List<Fault> faults = validate(id, definition);
        if (!faults.isEmpty()) {
            return Uni.createFrom().failure(new InvalidInput("Invalid rota", faults));
        }
        return rotas.forQueue(definition.queue()).chain(other -> {
            if (other != null && !other.id.equals(id)) {
                return Uni.createFrom().failure(new InvalidInput("Invalid rota",
                        List.of(new Fault("queue", "queue '" + definition.queue() + "' is served by rota '" + other.id + "'"))));
            }
            return rotas.findById(id).chain(existing -> {
                Rota rota = existing != null ? existing : new Rota();
                rota.id = id;
                rota.queue = definition.queue();
                rota.zone = definition.zone();
                rota.handoffTime = definition.handoffTime();
                rota.rotationDays = definition.rotationDays();
                rota.startsOn = definition.startsOn();
                rota.members = definition.members().toArray(String[]::new);
                rota.updatedBy = by;
                rota.updatedAt = Instant.now();
                List<RotaOverride> rows = new ArrayList<>();
                for (OnCallSchedule.Override o : definition.overrides() == null ? List.<OnCallSchedule.Override>of() : definition.overrides()) {
                    RotaOverride row = new RotaOverride();
                    row.rotaId = id;
                    row.member = o.member();
                    row.startsAt = o.from();
                    row.endsAt = o.until();
                    rows.add(row);
                }
                return rotas.persistAndFlush(rota)
                        .chain(() -> overrides.delete("rotaId", id))
                        .chain(() -> rows.isEmpty() ? Uni.createFrom().voidItem() : overrides.persist(rows))
                        .replaceWith(rota);
            });
        });
    }

    public Uni<List<Cover>> covers(String queue) {
        return queue == null ? covers.listAll(io.quarkus.panache.common.Sort.by("id")) : covers.ofQueue(queue);
    }

    /** Call within a transaction. */
    public Uni<Cover> addCover(CoverDefinition definition, String by) {
        List<Fault> faults = validate(definition);
        if (!faults.isEmpty()) {
            return Uni.createFrom().failure(new InvalidInput("Invalid cover", faults));
        }
        Cover cover = new Cover();
        cover.queue = definition.queue();
        cover.member = definition.member();
        cover.zone = definition.zone();
        cover.hours = definition.hours();
        cover.validFrom = definition.validFrom();
        cover.validUntil = definition.validUntil();
        cover.createdBy = by;
        cover.createdAt = Instant.now();
        return covers.persistAndFlush(cover);
    }

    /** Call within a transaction. */
    public Uni<Boolean> removeCover(long id) {
        return covers.deleteById(id);
    }

    static boolean active(Cover cover, Instant at) {
        ZoneId zone = ZoneId.of(cover.zone);
        LocalDate day = at.atZone(zone).toLocalDate();
        if (day.isBefore(cover.validFrom) || cover.validUntil != null && day.isAfter(cover.validUntil)) {
            return false;
        }
        return new BusinessCalendar(zone, WeeklyHours.parse(cover.hours), false, Set.of()).isOpen(at);
    }

    private static List<Fault> validate(String id, RotaDefinition d) {
        List<Fault> faults = new ArrayList<>();
        if (id == null || !NAME.matcher(id).matches()) {
            faults.add(new Fault("id", "1–64 characters of a–z, 0–9, '.', '_' or '-'"));
        }
        if (d == null) {
            faults.add(new Fault("body", "a rota is required"));
            return faults;
        }
        if (d.queue() == null || !NAME.matcher(d.queue()).matches()) {
            faults.add(new Fault("queue", "a queue name is required (a–z, 0–9, '.', '_', '-')"));
        }
        zone(d.zone(), faults);
        if (d.handoffTime() == null) {
            faults.add(new Fault("handoffTime", "the local time of the hand-off is required, e.g. 10:00"));
        }
        if (d.rotationDays() == null || d.rotationDays() < 1 || d.rotationDays() > 366) {
            faults.add(new Fault("rotationDays", "1 to 366 days"));
        }
        if (d.startsOn() == null) {
            faults.add(new Fault("startsOn", "the date of the first hand-off is required"));
        }
        if (d.members() == null || d.members().isEmpty()) {
            faults.add(new Fault("members", "at least one member"));
        } else {
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < d.members().size(); i++) {
                String member = d.members().get(i);
                if (member == null || member.isBlank()) {
                    faults.add(new Fault("members[" + i + "]", "must not be blank"));
                } else if (!seen.add(member)) {
                    faults.add(new Fault("members[" + i + "]", "'" + member + "' is listed twice"));
                }
            }
        }
        List<OnCallSchedule.Override> list = d.overrides() == null ? List.of() : d.overrides();
        for (int i = 0; i < list.size(); i++) {
            OnCallSchedule.Override o = list.get(i);
            if (o == null || o.member() == null || o.member().isBlank() || o.from() == null || o.until() == null) {
                faults.add(new Fault("overrides[" + i + "]", "member, from and until are required"));
            } else if (!o.until().isAfter(o.from())) {
                faults.add(new Fault("overrides[" + i + "].until", "must be after from"));
            }
        }
        return faults;
    }

    private static List<Fault> validate(CoverDefinition d) {
        List<Fault> faults = new ArrayList<>();
        if (d == null) {
            faults.add(new Fault("body", "a cover is required"));
            return faults;
        }
        if (d.queue() == null || !NAME.matcher(d.queue()).matches()) {
            faults.add(new Fault("queue", "a queue name is required (a–z, 0–9, '.', '_', '-')"));
        }
        if (d.member() == null || d.member().isBlank()) {
            faults.add(new Fault("member", "who covers is required"));
        }
        zone(d.zone(), faults);
        if (d.hours() == null || d.hours().isBlank()) {
            faults.add(new Fault("hours", "weekly hours are required, e.g. mon-fri 13:00-15:00"));
        } else {
            try {
                WeeklyHours.parse(d.hours());
            } catch (IllegalArgumentException e) {
                faults.add(new Fault("hours", e.getMessage()));
            }
        }
        if (d.validFrom() == null) {
            faults.add(new Fault("validFrom", "the first day of the cover is required"));
        } else if (d.validUntil() != null && d.validUntil().isBefore(d.validFrom())) {
            faults.add(new Fault("validUntil", "must not be before validFrom"));
        }
        return faults;
    }

    private static void zone(String zone, List<Fault> faults) {
        try {
            if (zone == null) {
                faults.add(new Fault("zone", "a time zone is required, e.g. Asia/Tokyo"));
            } else {
                ZoneId.of(zone);
            }
        } catch (DateTimeException e) {
            faults.add(new Fault("zone", "'" + zone + "' is not a time zone"));
        }
    }
}
