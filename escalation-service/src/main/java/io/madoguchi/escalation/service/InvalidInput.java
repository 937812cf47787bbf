package io.madoguchi.escalation.service;

import java.util.List;

/** Admin input that cannot be saved (rules, rotas, covers), with every fault named by its field path. */
public class InvalidInput extends RuntimeException {

    public record Fault(String field, String message) {
    }

    private final String title;
    private final List<Fault> faults;

    public InvalidInput(String title, List<Fault> faults) {
        super(faults.size() + " fault(s) found", null, false, false);
        this.title = title;
        this.faults = List.copyOf(faults);
    }

    public String title() {
        return title;
    }

    public List<Fault> faults() {
        return faults;
    }
}
