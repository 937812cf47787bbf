package io.madoguchi.escalation.service.routing;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import io.madoguchi.escalation.service.InvalidInput.Fault;
import io.madoguchi.escalation.service.routing.RuleSet.Rule;

/** Checks a rule set before it is saved; every fault is named by its path, e.g. {@code rules[2].when.patterns[0]}. */
public final class RuleSetValidator {

    public static final Set<String> CHANNELS = Set.of("api", "email", "slack", "line", "chat", "form");
    public static final Set<String> PRIORITIES = Set.of("low", "normal", "high", "urgent");
    public static final Set<String> LANGUAGES = Set.of("ja", "en", "und");
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    private static final int MAX_RULES = 500;

    private RuleSetValidator() {
    }

    public static List<Fault> validate(RuleSet set) {
        List<Fault> faults = new ArrayList<>();
        if (set.rules().isEmpty()) {
            faults.add(new Fault("rules", "at least one rule is needed: the default rule, last, without conditions"));
            return faults;
        }
        if (set.rules().size() > MAX_RULES) {
            faults.add(new Fault("rules", "at most " + MAX_RULES + " rules"));
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < set.rules().size(); i++) {
            Rule rule = set.rules().get(i);
            String at = "rules[" + i + "]";
            if (rule == null) {
                faults.add(new Fault(at, "must be a rule"));
                continue;
            }
            if (rule.name() == null || !NAME.matcher(rule.name()).matches()) {
                faults.add(new Fault(at + ".name", "1–64 characters of a–z, 0–9, '.', '_' or '-', starting with a letter or digit"));
            } else if (!names.add(rule.name())) {
                faults.add(new Fault(at + ".name", "'" + rule.name() + "' is used by an earlier rule"));
            }
            conditions(rule.when(), at + ".when", set.segments(), faults);
            target(rule.then(), at + ".then", faults);
        }
        Rule last = set.rules().get(set.rules().size() - 1);
        if (last != null && !last.when().isEmpty()) {
            faults.add(new Fault("rules[" + (set.rules().size() - 1) + "].when", "the last rule is the default: it must have no conditions"));
        }
        for (int i = 0; i < set.rules().size() - 1; i++) {
            Rule rule = set.rules().get(i);
            if (rule != null && rule.when().isEmpty()) {
                faults.add(new Fault("rules[" + i + "].when", "a rule without conditions matches every ticket: the rules after it would never be used"));
            }
        }
        for (Map.Entry<String, List<String>> segment : set.segments().entrySet()) {
            if (segment.getValue() == null || segment.getValue().isEmpty()) {
                faults.add(new Fault("segments." + segment.getKey(), "list the e-mail domains of the segment"));
            }
        }
        return faults;
    }

    private static void conditions(RuleSet.Conditions when, String at, Map<String, List<String>> segments, List<Fault> faults) {
        oneOf(when.channels(), CHANNELS, at + ".channels", faults);
        oneOf(when.priorities(), PRIORITIES, at + ".priorities", faults);
        oneOf(when.languages(), LANGUAGES, at + ".languages", faults);
        for (int j = 0; j < when.keywords().size(); j++) {
            if (when.keywords().get(j) == null || when.keywords().get(j).isBlank()) {
                faults.add(new Fault(at + ".keywords[" + j + "]", "must not be blank"));
            }
        }
        for (int j = 0; j < when.patterns().size(); j++) {
            String pattern = when.patterns().get(j);
            try {
                Pattern.compile(pattern == null ? "" : pattern);
                if (pattern == null || pattern.isBlank()) {
                    faults.add(new Fault(at + ".patterns[" + j + "]", "must not be blank"));
                }
            } catch (PatternSyntaxException e) {
                faults.add(new Fault(at + ".patterns[" + j + "]", "not a regular expression: " + e.getDescription() + " near index " + e.getIndex()));
            }
        }
        for (int j = 0; j < when.segments().size(); j++) {
            if (!segments.containsKey(when.segments().get(j))) {
                faults.add(new Fault(at + ".segments[" + j + "]", "'" + when.segments().get(j) + "' is not defined under segments"));
            }
        }
    }

    private static void target(RuleSet.Target then, String at, List<Fault> faults) {
        if (then == null || then.queue() == null || !NAME.matcher(then.queue()).matches()) {
            faults.add(new Fault(at + ".queue", "a queue name is required (a–z, 0–9, '.', '_', '-')"));
        }
        if (then != null && then.priority() != null && !PRIORITIES.contains(then.priority())) {
            faults.add(new Fault(at + ".priority", "one of " + sorted(PRIORITIES)));
        }
    }

    private static void oneOf(List<String> values, Set<String> allowed, String at, List<Fault> faults) {
        for (int j = 0; j < values.size(); j++) {
            if (!allowed.contains(values.get(j))) {
                faults.add(new Fault(at + "[" + j + "]", "one of " + sorted(allowed)));
            }
        }
    }

    private static List<String> sorted(Set<String> values) {
        return values.stream().sorted().toList();
    }
}
