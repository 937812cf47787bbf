package io.madoguchi.analytics.service;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.madoguchi.analytics.repository.OverviewRepository;
import io.madoguchi.analytics.repository.OverviewRepository.Bucketed;
import io.madoguchi.analytics.repository.OverviewRepository.Percentiles;
import io.madoguchi.analytics.repository.OverviewRepository.Query;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Satisfaction and engagement over a range: a time series by day, week or month, the totals, and the durations. */
@ApplicationScoped
public class OverviewService {

    public static final List<String> METRICS = List.of("first-reply", "next-reply", "resolution");

    public record Bucket(LocalDate start, long created, long solved, long reopened, long backlog, Long deflected, long good, long bad,
            Double csatPercent, long slaMet, long slaBreached, Double slaAchievementPercent) {
    }

    public record Duration(Percentiles calendarHours, Percentiles businessHours) {
    }

    /**
     * The figures over the range, each percentage beside what it rests on: {@code rated} for CSAT, {@code solvedTickets}
     * for the shares of solved tickets, {@code slaMet} and {@code slaBreached} per SLA metric for its achievement.
     */
    public record Totals(long created, long solved, long backlogAtEnd, Long deflected, Double deflectionRatePercent, long rated,
            Double csatPercent, long solvedTickets, Double responseRatePercent, Double oneTouchPercent, Double reopenPercent,
            Double templateCoveragePercent, Double repliesPerSolvedTicket, Map<String, Double> slaAchievementPercent,
            Map<String, Long> slaMet, Map<String, Long> slaBreached) {
    }

    public record Overview(List<Bucket> series, Totals totals, Map<String, Duration> durations, Map<String, Long> channelMix,
            Map<String, Long> createdByQueue, Map<String, Long> solvedByAgent) {
    }

    private final OverviewRepository repository;

    public OverviewService(OverviewRepository repository) {
        this.repository = repository;
    }

    /** What the overview is assembled from, filled one query after another on the same session. */
    private static final class Parts {
        Bucketed flows, ratings, sla, deflections;
        long before;
        OverviewRepository.Solved solved;
        Map<String, Duration> durations;
        Map<String, Long> channels, queues, agents;
    }

    public Uni<Overview> overview(Query q) {
        Parts p = new Parts();
        return Panache.withSession(() -> repository.flows(q).invoke(v -> p.flows = v)
                .chain(() -> repository.backlogBefore(q)).invoke(v -> p.before = v)
                .chain(() -> repository.ratings(q)).invoke(v -> p.ratings = v)
                .chain(() -> repository.sla(q)).invoke(v -> p.sla = v)
                .chain(() -> repository.deflections(q)).invoke(v -> p.deflections = v)
                .chain(() -> repository.solved(q)).invoke(v -> p.solved = v)
                .chain(() -> durations(q)).invoke(v -> p.durations = v)
                .chain(() -> repository.volume(q, "channel")).invoke(v -> p.channels = v)
                .chain(() -> repository.volume(q, "queue")).invoke(v -> p.queues = v)
                .chain(() -> repository.volume(q, "agent")).invoke(v -> p.agents = v)
                .map(ignored -> assemble(q, p)));
    }

    private Uni<Map<String, Duration>> durations(Query q) {
        Map<String, Duration> durations = new LinkedHashMap<>();
        return repository.percentiles(q, "first-reply", false, false).invoke(p -> durations.put("firstReply", new Duration(p[0], p[1])))
                .chain(() -> repository.percentiles(q, "next-reply", false, false)).invoke(p -> durations.put("nextReply", new Duration(p[0], p[1])))
                .chain(() -> repository.percentiles(q, "resolution", false, true)).invoke(p -> durations.put("fullResolution", new Duration(p[0], p[1])))
                .chain(() -> repository.percentiles(q, "resolution", true, true)).invoke(p -> durations.put("requesterWait", new Duration(p[0], p[1])))
                .replaceWith(durations);
    }

    private static Overview assemble(Query q, Parts p) {
        Bucketed flows = p.flows, ratings = p.ratings, sla = p.sla, deflections = p.deflections;
        OverviewRepository.Solved solved = p.solved;
        boolean deflectionApplies = q.queue() == null && q.agent() == null;
        List<Bucket> series = new ArrayList<>();
        long backlog = p.before;
        long created = 0, solvedCount = 0, good = 0, bad = 0, deflected = 0;
        Map<String, long[]> slaTotals = new LinkedHashMap<>();
        METRICS.forEach(m -> slaTotals.put(m, new long[2]));
        for (LocalDate start : buckets(q)) {
            String key = start.toString();
            long c = flows.get(key, "created");
            long s = flows.get(key, "solved");
            long r = flows.get(key, "reopened");
            backlog += c + r - s - flows.get(key, "closed");
            long g = ratings.get(key, "good");
            long b = ratings.get(key, "bad");
            long met = 0, breached = 0;
            for (String metric : METRICS) {
                long m = sla.get(key, "met:" + metric);
                long x = sla.get(key, "breached:" + metric);
                met += m;
                breached += x;
                slaTotals.get(metric)[0] += m;
                slaTotals.get(metric)[1] += x;
            }
            long d = deflections.get(key, "deflected");
            series.add(new Bucket(start, c, s, r, backlog, deflectionApplies ? d : null, g, b, percent(g, g + b), met, breached,
                    percent(met, met + breached)));
            created += c;
            solvedCount += s;
            good += g;
            bad += b;
            deflected += d;
        }
        Map<String, Double> achievement = new LinkedHashMap<>();
        Map<String, Long> slaMet = new LinkedHashMap<>();
        Map<String, Long> slaBreached = new LinkedHashMap<>();
        slaTotals.forEach((metric, mb) -> {
            achievement.put(metric, percent(mb[0], mb[0] + mb[1]));
            slaMet.put(metric, mb[0]);
            slaBreached.put(metric, mb[1]);
        });
        Totals totals = new Totals(created, solvedCount, backlog, deflectionApplies ? deflected : null,
                deflectionApplies ? percent(deflected, deflected + created) : null, good + bad, percent(good, good + bad),
                solved.solved(), percent(solved.rated(), solved.solved()),
                percent(solved.oneTouch(), solved.solved()), percent(solved.reopened(), solved.solved()),
                percent(solved.withMacro(), solved.solved()),
                solved.solved() == 0 ? null : round((double) solved.agentReplies() / solved.solved()), achievement, slaMet, slaBreached);
        return new Overview(series, totals, p.durations, p.channels, p.queues, p.agents);
    }

    /** The local start of each bucket that overlaps [from, to). */
    static List<LocalDate> buckets(Query q) {
        ZoneId zone = ZoneId.of(q.zone());
        LocalDate first = truncate(q.from().atZoneSameInstant(zone).toLocalDate(), q.granularity());
        LocalDate last = q.to().minusNanos(1).atZoneSameInstant(zone).toLocalDate();
        List<LocalDate> buckets = new ArrayList<>();
        for (LocalDate d = first; !d.isAfter(last) && buckets.size() < 5000; d = next(d, q.granularity())) {
            buckets.add(d);
        }
        return buckets;
    }

    private static LocalDate truncate(LocalDate date, String granularity) {
        return switch (granularity) {
            case "week" -> date.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            case "month" -> date.withDayOfMonth(1);
            default -> date;
        };
    }

    private static LocalDate next(LocalDate date, String granularity) {
        return switch (granularity) {
            case "week" -> date.plusWeeks(1);
            case "month" -> date.plusMonths(1);
            default -> date.plusDays(1);
        };
    }

    static Double percent(long part, long whole) {
        return whole == 0 ? null : round(100.0 * part / whole);
    }

    static Double round(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
