package io.madoguchi.escalation.service.sla;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.madoguchi.escalation.domain.SlaPolicyVersion;
import io.madoguchi.escalation.repository.SlaPolicyRepository;
import io.madoguchi.escalation.service.DocumentReader;
import io.madoguchi.escalation.service.InvalidInput;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The versioned SLA policy. Before an admin saves one, version 0 is in force, built from configuration
 * ({@code madoguchi.calendar.*}, {@code madoguchi.sla.*}) and checked at start-up so a typo stops the service.
 */
@ApplicationScoped
public class SlaPolicies {

    public static final String INVALID = "Invalid SLA policy";

    public record Version(long version, SlaPolicy policy, String savedBy, Instant savedAt) {
    }

    private final SlaPolicyRepository repository;
    private final Pool pool;
    private final SlaTerms configured;
    private final AtomicReference<SlaTerms> inForce = new AtomicReference<>();
    private final Map<Long, SlaTerms> compiled = new ConcurrentHashMap<>();
    private final AtomicReference<Checked> checked = new AtomicReference<>();
    private final long refreshNanos;

    /** The terms found in force, and when that was looked up. */
    private record Checked(SlaTerms terms, long atNanos) {
    }

    public SlaPolicies(SlaPolicyRepository repository, Pool pool, SlaSettings settings,
            @ConfigProperty(name = "madoguchi.calendar.zone") String zone,
            @ConfigProperty(name = "madoguchi.calendar.hours") String hours,
            @ConfigProperty(name = "madoguchi.calendar.japanese-holidays") boolean japaneseHolidays,
            @ConfigProperty(name = "madoguchi.calendar.closures") Optional<List<LocalDate>> closures) {
        this.repository = repository;
        this.pool = pool;
        this.refreshNanos = settings.policyRefresh().toNanos();
        SlaPolicy fromConfig = fromConfiguration(settings, new SlaPolicy.Calendar(zone, hours, japaneseHolidays, closures.orElse(List.of())));
        List<InvalidInput.Fault> faults = SlaPolicyValidator.validate(fromConfig);
        if (!faults.isEmpty()) {
            throw new IllegalStateException("The configured SLA policy (madoguchi.calendar.*, madoguchi.sla.*) is invalid: " + faults);
        }
        this.configured = new SlaTerms(0, fromConfig);
    }

    /**
     * The policy in force, compiled once per version and looked up at most once per {@code madoguchi.sla.policy-refresh}
     * (a save on this replica takes effect at once, on others within that time), so ticket events do not each query
     * it. Read with the SQL client rather than a Hibernate session so the SLA timers, which run outside one, use it too.
     */
    public Uni<SlaTerms> terms() {
        long now = System.nanoTime();
        Checked last = checked.get();
        if (last != null && now - last.atNanos() < refreshNanos) {
            return Uni.createFrom().item(last.terms());
        }
        return lookUp().invoke(terms -> checked.set(new Checked(terms, now)));
    }

    /** After a save has committed: the next {@link #terms()} reads the policy again. */
    public void refreshNow() {
        checked.set(null);
    }

    private Uni<SlaTerms> lookUp() {
        return pool.query("SELECT max(version) AS version FROM sla_policy").execute().chain(rows -> {
            Long latest = rows.iterator().next().getLong("version");
            if (latest == null) {
                return Uni.createFrom().item(configured);
            }
            SlaTerms cached = inForce.get();
            if (cached != null && cached.version() == latest) {
                return Uni.createFrom().item(cached);
            }
            return pool.preparedQuery("SELECT policy FROM sla_policy WHERE version = $1").execute(Tuple.of(latest)).map(found -> {
                Row row = found.iterator().next();
                SlaTerms fresh = new SlaTerms(latest, DocumentReader.json(row.getString("policy"), SlaPolicy.class, INVALID));
                inForce.set(fresh);
                return fresh;
            });
        });
    }

    /** Call within a Panache session. */
    public Uni<Version> current() {
        return repository.current().map(row -> row == null ? builtIn() : version(row));
    }

    public Uni<Version> find(long version) {
        if (version == 0) {
            return Uni.createFrom().item(builtIn());
        }
        return repository.findById(version).map(row -> row == null ? null : version(row));
    }

    public Uni<List<Version>> history(int limit) {
        return repository.history(limit).map(rows -> rows.stream().map(SlaPolicies::version).toList());
    }

    /**
     * Validates and saves a new version, in force from now on for clocks that start, restart or change priority or
     * queue. Running business-hours clocks are rescheduled by their queue's calendar in the new version after the save
     * commits, in chunks ({@link SlaCalendarCatchUp}): time used until the save keeps counting by the calendar their
     * queue had before. Call within a transaction.
     */
    public Uni<Version> save(SlaPolicy policy, String savedBy) {
        List<InvalidInput.Fault> faults = SlaPolicyValidator.validate(policy);
        if (!faults.isEmpty()) {
            return Uni.createFrom().failure(new InvalidInput(INVALID, faults));
        }
        SlaPolicyVersion row = new SlaPolicyVersion();
        row.policy = DocumentReader.toJson(policy);
        row.savedBy = savedBy;
        row.savedAt = Instant.now();
        return repository.persistAndFlush(row).map(SlaPolicies::version);
    }

    /** The version in the database, not this replica's cached one, which may be older by up to the refresh interval. */
    public Uni<SlaTerms> latest() {
        return lookUp();
    }

    /**
     * Versions {@code from} to {@code to}, oldest first (0 is the configured policy). Read with the SQL client, like
     * {@link #terms()}: a batch of ticket events on its own connection uses it too.
     */
    public Uni<List<Version>> versionsBetween(long from, long to) {
        return pool.preparedQuery("SELECT version, policy, saved_by, saved_at FROM sla_policy WHERE version >= $1 AND version <= $2"
                        + " ORDER BY version")
                .execute(Tuple.of(from, to))
                .map(rows -> {
                    List<Version> versions = new ArrayList<>();
                    if (from == 0) {
                        versions.add(builtIn());
                    }
                    for (Row row : rows) {
                        versions.add(new Version(row.getLong("version"), DocumentReader.json(row.getString("policy"), SlaPolicy.class, INVALID),
                                row.getString("saved_by"), row.getOffsetDateTime("saved_at").toInstant()));
                    }
                    return versions;
                });
    }

    /** A version's terms, compiled once: a saved version never changes. */
    public SlaTerms termsOf(Version version) {
        return version.version() == 0 ? configured : compiled.computeIfAbsent(version.version(), v -> new SlaTerms(v, version.policy()));
    }

    private Version builtIn() {
        return new Version(0, configured.policy(), null, null);
    }

    private static Version version(SlaPolicyVersion row) {
        return new Version(row.version, DocumentReader.json(row.policy, SlaPolicy.class, INVALID), row.savedBy, row.savedAt);
    }

    /** The policy that {@code madoguchi.sla.*} configures: per-priority targets, then per-queue ones. */
    static SlaPolicy fromConfiguration(SlaSettings settings, SlaPolicy.Calendar calendar) {
        List<SlaPolicy.Target> targets = new ArrayList<>();
        settings.priorities().forEach((priority, t) -> targets.add(target(priority, null, t)));
        settings.queues().forEach((queue, policy) -> policy.priorities().forEach((priority, t) -> targets.add(target(priority, queue, t))));
        Map<String, SlaPolicy.OnBreach> onBreach = settings.onBreach().entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                e -> new SlaPolicy.OnBreach(e.getValue().queue().orElse(null), e.getValue().raisePriority(), e.getValue().notifyOnCall()),
                (a, b) -> a, LinkedHashMap::new));
        return new SlaPolicy(calendar, settings.warnAtPercent(), targets, onBreach);
    }

    private static SlaPolicy.Target target(String priority, String queue, SlaSettings.Targets t) {
        return new SlaPolicy.Target(priority, queue, null, t.firstReply().orElse(null), t.nextReply().orElse(null),
                t.resolution().orElse(null), t.businessHours());
    }
}
