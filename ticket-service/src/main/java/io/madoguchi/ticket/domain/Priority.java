package io.madoguchi.ticket.domain;

import java.util.List;

public final class Priority {

    public static final List<String> VALUES = List.of("low", "normal", "high", "urgent");

    private Priority() {
    }

    public static boolean isValid(String value) {
        return VALUES.contains(value);
    }
}
