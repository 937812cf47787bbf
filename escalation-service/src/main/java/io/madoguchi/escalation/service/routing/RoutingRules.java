package io.madoguchi.escalation.service.routing;

import java.text.Normalizer;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import io.madoguchi.escalation.service.calendar.BusinessCalendar;
import io.madoguchi.escalation.service.routing.RuleSet.Conditions;
import io.madoguchi.escalation.service.routing.RuleSet.Rule;
import io.madoguchi.escalation.service.routing.RuleSet.Target;

/** A validated rule set, compiled for matching: first match wins. */
public final class RoutingRules {

    /** The rule that matched, its conditions, and the requester's segment by the rule set's segments (null when none). */
    public record Match(long version, String rule, int position, Conditions when, Target target, String segment) {
    }

    private record Compiled(Rule rule, List<String> keywords, List<Pattern> patterns) {
    }

    private final long version;
    private final List<Compiled> rules;
    private final Map<String, String> segmentByDomain = new HashMap<>();
    private final BusinessCalendar calendar;

    public RoutingRules(long version, RuleSet set, BusinessCalendar calendar) {
        this.version = version;
        this.calendar = calendar;
        this.rules = set.rules().stream().map(rule -> new Compiled(rule,
                rule.when().keywords().stream().map(RoutingRules::fold).toList(),
                rule.when().patterns().stream().map(Pattern::compile).toList())).toList();
        set.segments().forEach((segment, domains) -> domains.forEach(domain -> segmentByDomain.put(domain.toLowerCase(Locale.ROOT), segment)));
    }

    public long version() {
        return version;
    }

    public BusinessCalendar calendar() {
        return calendar;
    }

    public Match match(TicketFacts ticket) {
        String text = (ticket.subject() == null ? "" : ticket.subject()) + "\n" + (ticket.body() == null ? "" : ticket.body());
        String segment = segmentOf(ticket.requesterEmail());
        // folding and the language guess read the whole text: done only for a rule that asks
        Lazy folded = new Lazy(() -> fold(text));
        Lazy language = new Lazy(() -> Languages.guess(text));
        for (int i = 0; i < rules.size(); i++) {
            Compiled compiled = rules.get(i);
            Conditions when = compiled.rule().when();
            boolean matches = anyOrEmpty(when.channels(), ticket.channel())
                    && anyOrEmpty(when.priorities(), ticket.priority())
                    && (when.languages().isEmpty() || when.languages().contains(language.get()))
                    && anyOrEmpty(when.segments(), segment)
                    && (when.tags().isEmpty() || when.tags().stream().anyMatch(ticket.tags()::contains))
                    && (compiled.keywords().isEmpty() || compiled.keywords().stream().anyMatch(folded.get()::contains))
                    && (compiled.patterns().isEmpty() || compiled.patterns().stream().anyMatch(p -> p.matcher(text).find()))
                    && (when.businessHours() == null || when.businessHours() == calendar.isOpen(ticket.at()));
            if (matches) {
                return new Match(version, compiled.rule().name(), i, when, compiled.rule().then(), segment);
            }
        }
        throw new IllegalStateException("rule set " + version + " has no default rule");
    }

    private static final class Lazy {
        private final Supplier<String> compute;
        private String value;

        Lazy(Supplier<String> compute) {
            this.compute = compute;
        }

        String get() {
            if (value == null) {
                value = compute.get();
            }
            return value;
        }
    }

    /** The segment of the requester's e-mail domain or of a parent domain ({@code jp.bigcorp.com} under {@code bigcorp.com}). */
    String segmentOf(String email) {
        if (email == null || email.indexOf('@') < 0) {
            return null;
        }
        String domain = email.substring(email.indexOf('@') + 1).toLowerCase(Locale.ROOT);
        while (true) {
            String segment = segmentByDomain.get(domain);
            if (segment != null || domain.indexOf('.') < 0) {
                return segment;
            }
            domain = domain.substring(domain.indexOf('.') + 1);
        }
    }

    private static boolean anyOrEmpty(List<String> allowed, String value) {
        return allowed.isEmpty() || value != null && allowed.contains(value);
    }

    /** Full-width and half-width forms and case do not matter to a keyword: ＩＮＶＯＩＣＥ, invoice and ｲﾝﾎﾞｲｽ/インボイス match. */
    static String fold(String text) {
        return Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
    }
}
