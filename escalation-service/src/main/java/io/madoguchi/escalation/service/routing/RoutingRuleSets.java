package io.madoguchi.escalation.service.routing;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.madoguchi.escalation.domain.RoutingRuleSet;
import io.madoguchi.escalation.repository.RoutingRuleSetRepository;
import io.madoguchi.escalation.service.InvalidInput;
import io.madoguchi.escalation.service.calendar.BusinessCalendar;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The versioned routing rules. Before an admin saves any, version 0 is in force: one default rule to
 * {@code madoguchi.routing.default-queue}. Call within a Panache session.
 */
@ApplicationScoped
public class RoutingRuleSets {

    public record Version(long version, RuleSet rules, String savedBy, Instant savedAt) {
    }

    private final RoutingRuleSetRepository repository;
    private final BusinessCalendar calendar;
    private final RuleSet builtIn;
    private final AtomicReference<RoutingRules> compiled = new AtomicReference<>();

    public RoutingRuleSets(RoutingRuleSetRepository repository, BusinessCalendar calendar,
            @ConfigProperty(name = "madoguchi.routing.default-queue") String defaultQueue) {
        this.repository = repository;
        this.calendar = calendar;
        this.builtIn = new RuleSet(List.of(new RuleSet.Rule("default", null, new RuleSet.Target(defaultQueue, null, null))), null);
    }

    public Uni<Version> current() {
        return repository.current().map(row -> row == null ? new Version(0, builtIn, null, null) : version(row));
    }

    public Uni<Version> find(long version) {
        if (version == 0) {
            return current().map(now -> new Version(0, builtIn, null, null));
        }
        return repository.findById(version).map(row -> row == null ? null : version(row));
    }

    public Uni<List<Version>> history(int limit) {
        return repository.history(limit).map(rows -> rows.stream().map(RoutingRuleSets::version).toList());
    }

    /** The rules in force, compiled once per version. */
    public Uni<RoutingRules> rules() {
        return current().map(this::compile);
    }

    public RoutingRules compile(Version version) {
        RoutingRules cached = compiled.get();
        if (cached != null && cached.version() == version.version()) {
            return cached;
        }
        RoutingRules fresh = new RoutingRules(version.version(), version.rules(), calendar);
        compiled.set(fresh);
        return fresh;
    }

    /** Validates and saves a new version. Call within a transaction. */
    public Uni<Version> save(RuleSet rules, String savedBy) {
        List<InvalidInput.Fault> faults = RuleSetValidator.validate(rules);
        if (!faults.isEmpty()) {
            return Uni.createFrom().failure(new InvalidInput("Invalid routing rules", faults));
        }
        RoutingRuleSet row = new RoutingRuleSet();
        row.rules = RuleSetReader.toJson(rules);
        row.savedBy = savedBy;
        row.savedAt = Instant.now();
        return repository.persistAndFlush(row).map(RoutingRuleSets::version);
    }

    private static Version version(RoutingRuleSet row) {
        return new Version(row.version, RuleSetReader.json(row.rules), row.savedBy, row.savedAt);
    }
}
