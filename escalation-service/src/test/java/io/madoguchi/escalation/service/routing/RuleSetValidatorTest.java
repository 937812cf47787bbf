package io.madoguchi.escalation.service.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

class RuleSetValidatorTest {

    private static List<String> faults(String yaml) {
        return RuleSetValidator.validate(RoutingRulesTest.read(yaml)).stream().map(f -> f.field() + ": " + f.message()).toList();
    }

    @Test
    void aBadRegexIsNamedByItsPlace() {
        List<String> faults = faults("""
                rules:
                  - {name: broken, when: {patterns: ["ok", "(unclosed"]}, then: {queue: tier2}}
                  - {name: default, then: {queue: tier1}}
                """);
        assertEquals(1, faults.size(), faults.toString());
        assertEquals(true, faults.get(0).startsWith("rules[0].when.patterns[1]: not a regular expression"), faults.get(0));
    }

    @Test
    void theLastRuleMustBeADefaultAndOnlyTheLast() {
        assertEquals(List.of("rules[1].when: the last rule is the default: it must have no conditions"), faults("""
                rules:
                  - {name: a, when: {channels: [email]}, then: {queue: tier2}}
                  - {name: b, when: {channels: [slack]}, then: {queue: tier1}}
                """));
        assertEquals(List.of("rules[0].when: a rule without conditions matches every ticket: the rules after it would never be used"), faults("""
                rules:
                  - {name: a, then: {queue: tier2}}
                  - {name: b, then: {queue: tier1}}
                """));
        assertEquals(List.of("rules: at least one rule is needed: the default rule, last, without conditions"), faults("rules: []"));
    }

    @Test
    void namesQueuesValuesAndSegmentsAreChecked() {
        assertEquals(List.of(
                "rules[0].when.channels[0]: one of [api, chat, email, form, line, slack]",
                "rules[0].when.priorities[0]: one of [high, low, normal, urgent]",
                "rules[0].when.segments[0]: 'gold' is not defined under segments",
                "rules[0].then.priority: one of [high, low, normal, urgent]",
                "rules[1].name: 'a' is used by an earlier rule",
                "rules[1].then.queue: a queue name is required (a–z, 0–9, '.', '_', '-')"), faults("""
                rules:
                  - {name: a, when: {channels: [fax], priorities: [critical], segments: [gold]}, then: {queue: tier2, priority: asap}}
                  - {name: a, then: {queue: "Tier 1"}}
                """));
    }
}
