package io.madoguchi.ticket.domain;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * The ticket lifecycle. new → open/pending/on-hold/solved; open, pending and on-hold move among
 * themselves or to solved; solved is reopened (to open) or closed; closed is final — a follow-up to a
 * closed ticket opens a new ticket linked to it.
 */
public enum TicketStatus {
    NEW("new"), OPEN("open"), PENDING("pending"), ON_HOLD("on-hold"), SOLVED("solved"), CLOSED("closed");

    private final String value;

    TicketStatus(String value) {
        this.value = value;
    }

    public String value() {
        return value;
    }

    public static Optional<TicketStatus> of(String value) {
        return Arrays.stream(values()).filter(s -> s.value.equals(value)).findFirst();
    }

    public Set<TicketStatus> next() {
        return switch (this) {
            case NEW -> EnumSet.of(OPEN, PENDING, ON_HOLD, SOLVED);
            case OPEN -> EnumSet.of(PENDING, ON_HOLD, SOLVED);
            case PENDING -> EnumSet.of(OPEN, ON_HOLD, SOLVED);
            case ON_HOLD -> EnumSet.of(OPEN, PENDING, SOLVED);
            case SOLVED -> EnumSet.of(OPEN, CLOSED);
            case CLOSED -> EnumSet.noneOf(TicketStatus.class);
        };
    }

    public boolean canMoveTo(TicketStatus target) {
        return next().contains(target);
    }

    /** Where a requester's follow-up leaves a ticket in this state: waiting states wake up, a solved one reopens. */
    public TicketStatus afterRequesterReply() {
        return switch (this) {
            case PENDING, ON_HOLD, SOLVED -> OPEN;
            default -> this;
        };
    }
}
