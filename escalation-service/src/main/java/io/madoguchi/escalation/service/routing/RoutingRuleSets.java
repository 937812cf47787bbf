package io.madoguchi.escalation.service.routing;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.madoguchi.escalation.domain.RoutingRuleSet;
import io.madoguchi.escalation.repository.RoutingRuleSetRepository;
import io.madoguchi.escalation.service.DocumentReader;
import io.madoguchi.escalation.service.InvalidInput;
import io.madoguchi.escalation.service.sla.SlaPolicies;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The versioned routing rules. Before an admin saves any, version 0 is in force: one default rule to
 * {@code madoguchi.routing.default-queue}. Call within a Panache session, but for {@link #rules()}.
 */
@ApplicationScoped
public class RoutingRuleSets {

    public static final String INVALID = "Invalid routing rules";

    public record Version(long version, RuleSet rules, String savedBy, Instant savedAt) {
    }

    private final RoutingRuleSetRepository repository;
    private final Pool pool;
    private final SlaPolicies policies;
    private final RuleSet builtInRules;
    private final AtomicReference<RoutingRules> inForce = new AtomicReference<>();

    public RoutingRuleSets(RoutingRuleSetRepository repository, Pool pool, SlaPolicies policies,
            @ConfigProperty(name = "madoguchi.routing.default-queue") String defaultQueue) {
        this.repository = repository;
        this.pool = pool;
        this.policies = policies;
        this.builtInRules = new RuleSet(List.of(new RuleSet.Rule("default", null, new RuleSet.Target(defaultQueue, null, null))), null);
    }

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
        return repository.history(limit).map(rows -> rows.stream().map(RoutingRuleSets::version).toList());
    }

    /**
     * The rules in force with the business calendar of the SLA policy in force, compiled once per version of
     * either: routing a ticket reads only the current version numbers and loads and compiles the rule text when an
     * admin has saved a new one.
     */
    public Uni<RoutingRules> rules() {
        return policies.terms().chain(terms -> pool.query("SELECT max(version) FROM routing_rule_set").execute().chain(rows -> {
            Long latest = rows.iterator().next().getLong(0);
            long version = latest == null ? 0 : latest;
            RoutingRules cached = inForce.get();
            if (cached != null && cached.version() == version && cached.calendar() == terms.calendar()) {
                return Uni.createFrom().item(cached);
            }
            return Panache.withSession(() -> find(version)).map(found -> {
                RoutingRules fresh = new RoutingRules(found.version(), found.rules(), terms.calendar());
                inForce.set(fresh);
                return fresh;
            });
        }));
    }

    /** Compiles any version, e.g. for a dry run, with the calendar in force, without touching the rules in force. */
    public Uni<RoutingRules> compile(Version version) {
        return policies.terms().map(terms -> new RoutingRules(version.version(), version.rules(), terms.calendar()));
    }

    /** Validates and saves a new version. Call within a transaction. */
    public Uni<Version> save(RuleSet rules, String savedBy) {
        List<InvalidInput.Fault> faults = RuleSetValidator.validate(rules);
        if (!faults.isEmpty()) {
            return Uni.createFrom().failure(new InvalidInput(INVALID, faults));
        }
        RoutingRuleSet row = new RoutingRuleSet();
        row.rules = DocumentReader.toJson(rules);
        row.savedBy = savedBy;
        row.savedAt = Instant.now();
        return repository.persistAndFlush(row).map(RoutingRuleSets::version);
    }

    private Version builtIn() {
        return new Version(0, builtInRules, null, null);
    }

    private static Version version(RoutingRuleSet row) {
        return new Version(row.version, DocumentReader.json(row.rules, RuleSet.class, INVALID), row.savedBy, row.savedAt);
    }
}
