package io.madoguchi.escalation.service.routing;

import java.util.List;

/** A rule set that cannot be saved, with every fault found. */
public class InvalidRuleSet extends RuntimeException {

    private final List<RuleSetValidator.Fault> faults;

    public InvalidRuleSet(List<RuleSetValidator.Fault> faults) {
        super(faults.size() + " fault(s) in the rule set", null, false, false);
        this.faults = List.copyOf(faults);
    }

    public List<RuleSetValidator.Fault> faults() {
        return faults;
    }
}
